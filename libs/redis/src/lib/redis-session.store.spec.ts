import { describeSessionStoreContract, startRedis } from '@mithqtt/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSessionStore } from './redis-session.store';

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
describeSessionStoreContract('RedisSessionStore (real redis-server)', () => {
  return new RedisSessionStore(redis, `s${++n}`, (context, error) => {
    throw new Error(`${context}: ${String(error)}`);
  });
});

describe('RedisSessionStore.written (strict durability)', () => {
  it("resolves once the turn's writes of that session are stored; undefined when none wait", async () => {
    const store = new RedisSessionStore(redis, `s${++n}`);
    expect(store.written('w')).toBeUndefined();
    store.open('w', 'node');
    store.observe('w').queued(
      {
        message: { topic: 't', payload: Buffer.from('x'), qos: 1, retain: false },
        qos: 1,
        retain: false,
      },
      1,
    );
    store.checkpoint('w', 'node-a', '9-0');
    const written = store.written('w');
    expect(written).toBeDefined();
    expect(store.written('w')).toBe(written); // one promise per session and turn
    await written;
    // Read straight from Redis (load would flush first and prove nothing).
    expect(await redis.llen(`s${n}:{w}:queue`)).toBe(1);
    expect(await redis.hget(`s${n}:{w}:ckpt`, 'node-a')).toBe('9-0');
    expect(store.written('w')).toBeUndefined();
  });
});
