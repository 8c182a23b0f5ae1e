import {
  describeRetainStoreContract,
  describeSessionStoreContract,
  type RedisCluster,
  startRedisCluster,
} from '@mithqtt/testing';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { RedisRetainStore } from './redis-retain.store';
import { RedisSessionStore } from './redis-session.store';

// Both stores on a real 6-node Redis Cluster (3 primaries, 3 replicas): every key must be
// hash-tagged so that each script and pipeline stays inside one slot.
let cluster: RedisCluster;
let client: Cluster;
let n = 0;

beforeAll(async () => {
  cluster = await startRedisCluster(3, 1);
  client = new Cluster([...cluster.nodes]);
}, 60_000);

afterAll(async () => {
  client?.disconnect();
  await cluster?.stop();
});

describeRetainStoreContract(
  'RedisRetainStore (6-node Redis Cluster)',
  () => new RedisRetainStore(client, `rc${++n}`),
);

describeSessionStoreContract('RedisSessionStore (6-node Redis Cluster)', () => {
  return new RedisSessionStore(client, `sc${++n}`, (context, error) => {
    throw new Error(`${context}: ${String(error)}`);
  });
});
