import { describeSessionStoreContract, startRedis } from '@mithqtt/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
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
