import { hashPassword } from '@mithqtt/auth';
import { RedisAuthStore } from '@mithqtt/redis';
import { expectLiveAndReady, httpReadyPort, probe, startNats, startRedis } from '@mithqtt/testing';
import { connect as natsConnect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type App,
  buildApp,
  PROCESS_TEST_TIMEOUT_MS,
  START_TIMEOUT_MS,
  spawnService,
  startApp,
} from './support/app-process';
import { connackCode, connectClient } from './support/mqtt-client';
import type { Child } from './support/process';

/**
 * The services as separate processes: two replicas of `node dist/apps/auth-service/main.js` in
 * one NATS queue group, users in a real redis-server, a retain service
 * (`node dist/apps/retain/main.js`), and a gateway process (AUTH_SERVICE=nats,
 * RETAIN_SERVICE=nats) that checks every CONNECT over `mqtt.auth.v1.authenticate` and keeps
 * retained messages through `mqtt.retain.v1.*`.
 */
// (the gateway is `node dist/apps/gateway/main.js`)
let nats: Awaited<ReturnType<typeof startNats>>;
let redis: Awaited<ReturnType<typeof startRedis>>;
let gateway: App;
const replicas: Child[] = [];
let retain: Child;
const AUTH_TIMEOUT_MS = 5000;

function serviceEnv(): Record<string, string> {
  return {
    CLUSTER_NATS_URL: nats.url,
    REDIS_URL: redis.url,
    AUTH_STORE: 'redis',
    AUTH_RELOAD_MS: '200',
  };
}

async function startReplica(name: string): Promise<Child> {
  const child = spawnService('auth-service', { ...serviceEnv(), NODE_ID: name });
  replicas.push(child);
  await child.waitFor(/serving mqtt\.auth\.v1\.authenticate/, START_TIMEOUT_MS);
  return child;
}

beforeAll(async () => {
  [nats, redis] = await Promise.all([startNats(), startRedis()]);
  await Promise.all([buildApp('auth-service'), buildApp('retain'), buildApp('gateway')]);
  const client = new Redis(redis.url);
  const store = new RedisAuthStore(client, 'mqtt');
  await store.createUser({
    username: 'alice',
    passwordHash: await hashPassword('alice-pw', { ln: 10, r: 8, p: 1 }),
    disabled: false,
    createdAt: new Date().toISOString(),
  });
  await store.close();
  client.disconnect();
  // Its own key prefix: a gateway writing to Redis itself (not through the service) would
  // leave the service's count at 0.
  retain = spawnService('retain', {
    NATS_URL: nats.url,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: 'retain-svc',
  });
  await Promise.all([
    startReplica('auth-a'),
    startReplica('auth-b'),
    retain.waitFor(/retain service ready/, START_TIMEOUT_MS),
  ]);
  // apps/gateway: AUTH_SERVICE=nats, RETAIN_SERVICE=nats and AUTH_STORE=redis by default.
  gateway = await startApp(
    {
      CLUSTER_NATS_URL: nats.url,
      REDIS_URL: redis.url,
      AUTH_TIMEOUT_MS: String(AUTH_TIMEOUT_MS),
      NODE_ID: `gw-${process.pid}`,
    },
    'gateway',
  );
}, 120_000);

afterAll(async () => {
  gateway?.child.kill('SIGKILL');
  for (const r of [...replicas, retain]) r?.kill('SIGKILL');
  await Promise.all([gateway?.child.exited, retain?.exited, ...replicas.map((r) => r.exited)]);
  await nats?.stop();
  await redis?.stop();
});

const alice = { username: 'alice', password: 'alice-pw' };

describe('retain service (apps/retain) behind a gateway', () => {
  it('a retained message set through the gateway is stored by the service and delivered on a wildcard subscribe', async () => {
    const topic = `svc/${process.pid}/room-1/temp`;
    const pub = await connectClient(gateway.mqttPort, alice);
    await pub.publish(topic, '21.5', { qos: 1, retain: true });
    // stored by the retain service (under its own prefix), not by the gateway itself
    const nc = await natsConnect({ servers: nats.url });
    try {
      const count = await nc.request('mqtt.retain.v1.count', '{}', { timeout: 2000 });
      expect(count.json<{ count: number }>().count).toBe(1);
    } finally {
      await nc.close();
    }
    const sub = await connectClient(gateway.mqttPort, alice);
    await sub.subscribe(`svc/${process.pid}/+/temp`, 1);
    expect(await sub.messages.next()).toMatchObject({ topic, text: '21.5', retain: true });
    await pub.publish(topic, '', { qos: 1, retain: true }); // delete
    const late = await connectClient(gateway.mqttPort, alice);
    await late.subscribe(`svc/${process.pid}/#`, 1);
    await late.messages.expectNothing();
  });

  it('with the retain service gone, live messages (retained ones included) still flow', async () => {
    retain.kill('SIGKILL');
    await retain.exited;
    const topic = `svc/${process.pid}/live`;
    const sub = await connectClient(gateway.mqttPort, alice);
    await sub.subscribe(topic, 1);
    const pub = await connectClient(gateway.mqttPort, alice);
    await pub.publish(topic, 'still routed', { qos: 1, retain: true });
    await pub.publish(topic, 'and this', { qos: 1 });
    expect(await sub.messages.next()).toMatchObject({ topic, text: 'still routed' });
    expect(await sub.messages.next()).toMatchObject({ topic, text: 'and this' });
  });
});

describe('auth service (apps/auth-service) behind a gateway', () => {
  it('the service decides CONNECTs: right password 0, wrong 4, anonymous refused (5)', async () => {
    expect(await connackCode(gateway.mqttPort, alice)).toBe(0);
    expect(await connackCode(gateway.mqttPort, { username: 'alice', password: 'nope' })).toBe(4);
    expect(await connackCode(gateway.mqttPort, { username: 'mallory', password: 'x' })).toBe(4);
    // AUTH_ANONYMOUS=auto means "refuse" on the service: it cannot see the listener.
    expect(await connackCode(gateway.mqttPort, {})).toBe(5);
  });

  it('each replica answers /health, /ready (NATS and Redis up) and /metrics', async () => {
    let authenticated = 0;
    for (const replica of replicas) {
      await replica.waitFor(/HTTP ready/, START_TIMEOUT_MS);
      const port = httpReadyPort(replica.stdout);
      if (port === undefined) throw new Error(`no HTTP port logged:\n${replica.output}`);
      await expectLiveAndReady(port);
      const metrics = await probe(port, '/metrics');
      expect(metrics.body).toContain('process_cpu_user_seconds_total');
      const served = metrics.body.match(
        /^mithqtt_rpc_requests_total\{subject="mqtt\.auth\.v1\.authenticate",outcome="OK"\} (\d+)$/m,
      );
      authenticated += Number(served?.[1] ?? 0);
    }
    // The CONNECTs of the test above, shared by the queue group.
    expect(authenticated).toBeGreaterThan(0);
  });

  it(
    'killing one replica (SIGKILL) while clients connect loses no CONNECT',
    async () => {
      // Batches of 6 concurrent CONNECTs; the kill lands while the third batch is in flight,
      // so some requests are inside the dying replica (they time out there and are retried).
      const codes: number[] = [];
      for (let batch = 0; batch < 5; batch++) {
        const pending = Array.from({ length: 6 }, () => connackCode(gateway.mqttPort, alice));
        if (batch === 2) replicas[0]?.kill('SIGKILL');
        codes.push(...(await Promise.all(pending)));
      }
      expect(codes).toEqual(Array.from({ length: 30 }, () => 0));
      expect(replicas[0]?.output).not.toContain('alice-pw');
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    'with no replica left, CONNECT gets 0x03 (server unavailable) within AUTH_TIMEOUT_MS',
    async () => {
      replicas[1]?.kill('SIGTERM');
      await replicas[1]?.exited;
      const started = Date.now();
      expect(await connackCode(gateway.mqttPort, alice)).toBe(3);
      expect(Date.now() - started).toBeLessThan(AUTH_TIMEOUT_MS + 1000);
      // and a replica coming back serves again
      await startReplica('auth-c');
      expect(await connackCode(gateway.mqttPort, alice)).toBe(0);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});
