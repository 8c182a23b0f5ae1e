import { BrokerConfig, loadConfig } from '@mithqtt/config';
import { createLogger, type RunningBroker, startEmbedded } from '@mithqtt/server';
import { startNats, startRedis } from '@mithqtt/testing';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, START_TIMEOUT_MS, spawnService } from './app-process';
import type { Child } from './process';

/** Settings as environment strings, exactly as an operator would set them. */
export type BrokerEnv = Partial<Record<keyof BrokerConfig, string>>;

/**
 * `E2E_DEPLOYMENT=cluster` runs the suite against the distributed deployment: two broker
 * nodes joined through a real nats-server, state in a real redis-server, and every client of
 * a test connects to the next node in turn (publishers and subscribers end up on different
 * nodes). `E2E_DEPLOYMENT=services`: the same two gateways, but CONNECTs checked by the auth
 * service and retained messages kept by the retain service, each a separate process
 * (`node dist/apps/<app>/main.js`), users in Redis. Unset: one embedded broker.
 */
const DEPLOYMENT = process.env['E2E_DEPLOYMENT'];
/** `E2E_DURABILITY=strict`: the cluster nodes run with DURABILITY=strict (decision 0008). */
const DURABILITY = process.env['E2E_DURABILITY'];
export const SERVICES_MODE = DEPLOYMENT === 'services';
/** Two gateways (with or without service processes): the multi-node waits apply. */
export const CLUSTER_MODE = DEPLOYMENT === 'cluster' || SERVICES_MODE;

/** Starts an embedded broker on free ports of 127.0.0.1 (port 0: the OS picks). */
export function startBroker(env: BrokerEnv = {}): Promise<RunningBroker> {
  const config = loadConfig(BrokerConfig, {
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    ...env,
  });
  // E2E_LOG_LEVEL=debug shows the broker's side of a failing test.
  return startEmbedded(config, createLogger(process.env['E2E_LOG_LEVEL'] ?? 'silent', 'e2e'));
}

export interface BrokerHandle {
  /** An MQTT port (valid inside tests); in cluster mode, the next node's on each read. */
  readonly port: number;
  /** The bound HTTP API port (health, metrics) of the first node. */
  readonly httpPort: number;
  readonly running: RunningBroker;
  /** The MQTT port of the last node: in cluster mode not the one serving `httpPort`. */
  readonly otherPort: number;
}

interface Deployment {
  readonly nodes: readonly RunningBroker[];
  close(): Promise<void>;
}

let counter = 0;

async function startDeployment(env: BrokerEnv): Promise<Deployment> {
  if (!CLUSTER_MODE) {
    const broker = await startBroker(env);
    return { nodes: [broker], close: () => broker.close() };
  }
  const nats = await startNats();
  const redis = await startRedis();
  const run = ++counter;
  const services = SERVICES_MODE ? await startServices(env, nats.url, redis.url) : [];
  const nodes: RunningBroker[] = [];
  for (const id of ['a', 'b']) {
    nodes.push(
      await startBroker({
        ...env,
        CLUSTER_NATS_URL: nats.url,
        REDIS_URL: redis.url,
        NODE_ID: `e2e-${id}-${process.pid}-${run}`,
        ...(DURABILITY ? { DURABILITY } : {}),
        ...(SERVICES_MODE
          ? { AUTH_SERVICE: 'nats', RETAIN_SERVICE: 'nats', AUTH_STORE: 'redis' }
          : {}),
      }),
    );
  }
  return {
    nodes,
    async close() {
      for (const node of nodes) await node.close();
      await Promise.all(services.map((child) => child.stop()));
      await nats.stop();
      await redis.stop();
    },
  };
}

/**
 * One broker (or, in cluster mode, one two-node deployment) for the enclosing `describe` (or
 * file): started before its tests, closed after. Tests keep apart by client ids and topics.
 */
export function useBroker(env: BrokerEnv = {}): BrokerHandle {
  let deployment: Deployment | undefined;
  let next = 0;
  beforeAll(async () => {
    deployment = await startDeployment(env);
  }, 90_000);
  afterAll(async () => {
    await deployment?.close();
  });
  const nodes = (): readonly RunningBroker[] => {
    if (!deployment) throw new Error('broker not started: use it inside a test');
    return deployment.nodes;
  };
  return {
    get port() {
      const all = nodes();
      return (all[next++ % all.length] as RunningBroker).mqttPort;
    },
    get httpPort() {
      return (nodes()[0] as RunningBroker).httpPort;
    },
    get running() {
      return nodes()[0] as RunningBroker;
    },
    get otherPort() {
      const all = nodes();
      return (all[all.length - 1] as RunningBroker).mqttPort;
    },
  };
}

/**
 * The auth and retain services as processes of their own, for one deployment. The test's
 * AUTH_* settings go to the auth service (it decides CONNECTs); anonymous clients are allowed
 * unless the test says otherwise, as on the embedded broker's loopback listener.
 */
async function startServices(env: BrokerEnv, natsUrl: string, redisUrl: string): Promise<Child[]> {
  await Promise.all([buildApp('auth-service'), buildApp('retain')]);
  const authEnv = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key.startsWith('AUTH_') && value !== undefined),
  ) as Record<string, string>;
  const auth = spawnService('auth-service', {
    AUTH_ANONYMOUS: 'allow',
    ...authEnv,
    CLUSTER_NATS_URL: natsUrl,
    REDIS_URL: redisUrl,
    AUTH_STORE: 'redis',
  });
  const retain = spawnService('retain', { NATS_URL: natsUrl, REDIS_URL: redisUrl });
  await Promise.all([
    auth.waitFor(/serving mqtt\.auth\.v1\.authenticate/, START_TIMEOUT_MS),
    retain.waitFor(/retain service ready/, START_TIMEOUT_MS),
  ]);
  return [auth, retain];
}
