import { hashPassword } from '@mithqtt/auth';
import { RedisAuthStore } from '@mithqtt/redis';
import { startNats, startRedis } from '@mithqtt/testing';
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
import { connackCode } from './support/mqtt-client';
import type { Child } from './support/process';

/**
 * The auth service as separate processes: two replicas of `node dist/apps/auth-service/main.js`
 * in one NATS queue group, users in a real redis-server, and a gateway process
 * (AUTH_SERVICE=nats) that sends every CONNECT's credentials over `mqtt.auth.v1.authenticate`.
 */
let nats: Awaited<ReturnType<typeof startNats>>;
let redis: Awaited<ReturnType<typeof startRedis>>;
let gateway: App;
const replicas: Child[] = [];
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
  await Promise.all([buildApp('auth-service'), buildApp('embedded')]);
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
  await Promise.all([startReplica('auth-a'), startReplica('auth-b')]);
  gateway = await startApp({
    ...serviceEnv(),
    AUTH_SERVICE: 'nats',
    AUTH_TIMEOUT_MS: String(AUTH_TIMEOUT_MS),
    NODE_ID: `gw-${process.pid}`,
  });
}, 120_000);

afterAll(async () => {
  gateway?.child.kill('SIGKILL');
  for (const r of replicas) r.kill('SIGKILL');
  await Promise.all([gateway?.child.exited, ...replicas.map((r) => r.exited)]);
  await nats?.stop();
  await redis?.stop();
});

const alice = { username: 'alice', password: 'alice-pw' };

describe('auth service (apps/auth-service) behind a gateway', () => {
  it('the service decides CONNECTs: right password 0, wrong 4, anonymous refused (5)', async () => {
    expect(await connackCode(gateway.mqttPort, alice)).toBe(0);
    expect(await connackCode(gateway.mqttPort, { username: 'alice', password: 'nope' })).toBe(4);
    expect(await connackCode(gateway.mqttPort, { username: 'mallory', password: 'x' })).toBe(4);
    // AUTH_ANONYMOUS=auto means "refuse" on the service: it cannot see the listener.
    expect(await connackCode(gateway.mqttPort, {})).toBe(5);
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
