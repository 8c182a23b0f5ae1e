import { describeRetainStoreContract, startRedis } from '@mithqtt/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { RedisRetainStore } from './redis-retain.store';

let server: Awaited<ReturnType<typeof startRedis>>;
let redis: Redis;
let n = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.port, '127.0.0.1', { lazyConnect: false });
});

afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

// A fresh key prefix per test gives each one an empty store on the same real server.
describeRetainStoreContract(
  'RedisRetainStore (real redis-server)',
  () => new RedisRetainStore(redis, `t${++n}`),
);
