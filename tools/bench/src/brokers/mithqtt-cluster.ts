import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { exitStatus, spawnTracked, stopChild, waitForPort } from './child-process';
import { freePort } from '../sys/free-port';
import {
  BROKER_HOST,
  type BrokerLauncher,
  type BrokerName,
  type BrokerSettings,
  cpuProfArgs,
  heapSnapshotter,
  type RunningBroker,
  START_TIMEOUT_MS,
  STOP_GRACE_MS,
} from './broker';
import { mithqtt } from './mithqtt';

const ENTRY = resolve(__dirname, '../../apps/embedded/main.js');
const NATS = ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find((p) => existsSync(p));
const REDIS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));

interface Proc {
  readonly child: ChildProcess;
  readonly output: () => string;
}

/**
 * The distributed deployment on this machine: nats-server, redis-server and two gateways
 * (the broker app with CLUSTER_NATS_URL and REDIS_URL). `crossGateway`: subscribers connect
 * to gateway B, publishers to gateway A, so every message crosses NATS. Broker CPU counts all
 * four processes.
 */
function clusterLauncher(
  name: BrokerName,
  crossGateway: boolean,
  durability: 'fast' | 'strict' = 'fast',
): BrokerLauncher {
  return {
    name,
    unavailable: () =>
      mithqtt.unavailable() ??
      (NATS === undefined ? 'nats-server not found' : undefined) ??
      (REDIS === undefined ? 'redis-server not found' : undefined),
    version: () =>
      `${mithqtt.version()} (2 gateways, NATS + Redis${durability === 'strict' ? ', DURABILITY=strict' : ''})`,
    async start(settings: BrokerSettings, label: string): Promise<RunningBroker> {
      const procs: Proc[] = [];
      const stopAll = async (): Promise<void> => {
        for (const p of [...procs].reverse()) await stopChild(p.child, STOP_GRACE_MS);
      };
      try {
        const natsPort = await freePort();
        const nats = spawnTracked(NATS!, ['-a', BROKER_HOST, '-p', String(natsPort)], {});
        procs.push(nats);
        await waitForPort(BROKER_HOST, natsPort, nats.child, START_TIMEOUT_MS, nats.output);
        const redisPort = await freePort();
        const redis = spawnTracked(
          REDIS!,
          // --dir: an empty directory, so no stray dump.rdb is loaded or written.
          [
            '--port',
            String(redisPort),
            '--bind',
            BROKER_HOST,
            '--save',
            '',
            '--appendonly',
            'no',
            '--dir',
            mkdtempSync(join(tmpdir(), 'bench-redis-')),
          ],
          {},
        );
        procs.push(redis);
        await waitForPort(BROKER_HOST, redisPort, redis.child, START_TIMEOUT_MS, redis.output);
        const gateway = async (id: string): Promise<{ proc: Proc; port: number }> => {
          const [port, httpPort] = [await freePort(), await freePort()];
          const proc = spawnTracked(
            process.execPath,
            [...cpuProfArgs(settings, `mithqtt-${id}`, label), ENTRY],
            {
              env: {
                ...process.env,
                MQTT_HOST: BROKER_HOST,
                MQTT_PORT: String(port),
                HTTP_HOST: BROKER_HOST,
                HTTP_PORT: String(httpPort),
                LOG_LEVEL: 'warn',
                MQTT_MAX_INFLIGHT: String(settings.maxInflight),
                MQTT_MAX_QUEUED: String(settings.maxQueued),
                CLUSTER_NATS_URL: `nats://${BROKER_HOST}:${natsPort}`,
                REDIS_URL: `redis://${BROKER_HOST}:${redisPort}`,
                NODE_ID: `bench-${id}-${process.pid}`,
                DURABILITY: durability,
              },
            },
          );
          procs.push(proc);
          await waitForPort(BROKER_HOST, port, proc.child, START_TIMEOUT_MS, proc.output);
          return { proc, port };
        };
        const a = await gateway('a');
        const b = await gateway('b');
        return {
          host: BROKER_HOST,
          port: a.port,
          subscriberPort: crossGateway ? b.port : undefined,
          pid: a.proc.child.pid!,
          pids: procs.map((p) => p.child.pid!),
          stop: stopAll,
          output: () => procs.map((p) => p.output()).join('\n'),
          exited: () => procs.map((p) => exitStatus(p.child)).find((e) => e !== undefined),
          ...heapSnapshotter(settings, a.proc.child.pid!),
        };
      } catch (e: unknown) {
        await stopAll();
        throw e;
      }
    },
  };
}

export const mithqttCluster = clusterLauncher('mithqtt-cluster', true);
export const mithqttCluster1gw = clusterLauncher('mithqtt-cluster-1gw', false);
/** Cross-gateway with DURABILITY=strict: every QoS 1/2 PUBACK waits for the durable log. */
export const mithqttClusterStrict = clusterLauncher('mithqtt-cluster-strict', true, 'strict');
