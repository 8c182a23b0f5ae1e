import { describeAuthStoreContract, startRedis } from '@mithqtt/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAuthStore } from './redis-auth.store';

let server: Awaited<ReturnType<typeof startRedis>>;
let redis: Redis;
let n = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.port, '127.0.0.1');
});

afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

// A fresh key prefix per test gives each one an empty store on the same real server.
describeAuthStoreContract(
  'RedisAuthStore (real redis-server)',
  () => new RedisAuthStore(redis, `a${++n}`),
);

describe('RedisAuthStore across nodes', () => {
  it('keeps every key in one hash slot', async () => {
    const store = new RedisAuthStore(redis, 'slot');
    await store.addRule({ subject: { type: 'all' }, action: 'all', effect: 'deny', filter: '#' });
    await store.createUser({
      username: 'u',
      passwordHash: '$scrypt$x',
      disabled: false,
      createdAt: '2026-01-01T00:00:00Z',
    });
    const keys = await redis.keys('slot:*');
    expect(keys.length).toBe(5);
    expect(keys.every((k) => k.startsWith('slot:{auth}:'))).toBe(true);
  });

  it("a second node notices the first one's change through the version counter", async () => {
    const a = new RedisAuthStore(redis, 'nodes');
    const other = new Redis(server.port, '127.0.0.1');
    const b = new RedisAuthStore(other, 'nodes', { pollMs: 20 });
    let changes = 0;
    b.onChange(() => changes++);
    await new Promise((r) => setTimeout(r, 100)); // first poll (one notification)
    const before = changes;
    await a.addRule({
      subject: { type: 'anonymous' },
      action: 'publish',
      effect: 'allow',
      filter: 'x',
    });
    const deadline = Date.now() + 3000;
    while (changes === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(changes).toBe(before + 1);
    expect((await b.listRules()).map((r) => r.filter)).toEqual(['x']);
    await b.close();
    other.disconnect();
  });
});
