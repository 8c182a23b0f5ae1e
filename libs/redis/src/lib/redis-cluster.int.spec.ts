import {
  describeRetainStoreContract,
  describeSessionStoreContract,
  type RedisCluster,
  startRedisCluster,
} from '@mithqtt/testing';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisDurableLog } from './redis-durable-log';
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

describe('RedisDurableLog (6-node Redis Cluster)', () => {
  it('appends, reads after an id, and keeps node checkpoints: each node log one slot', async () => {
    const prefix = `dl${++n}`;
    const logs = ['node-a', 'node-b', 'node-c'].map((node) => {
      const log = new RedisDurableLog(client, node, 60_000, prefix);
      return { node, log };
    });
    for (const { log } of logs) await log.init();
    const ids: string[] = [];
    for (const { node, log } of logs) {
      const first = log.append({
        topic: `t/${node}`,
        payload: Buffer.from('1'),
        qos: 1,
        retain: false,
      });
      const second = log.append({
        topic: `t/${node}`,
        payload: Buffer.from('2'),
        qos: 2,
        retain: false,
      });
      await Promise.all([first.stored, second.stored]);
      ids.push(first.id);
      await log.saveCheckpoint(new Map([[node, second.id]]), Date.now());
    }
    const reader = logs[0]?.log as RedisDurableLog;
    expect((await reader.origins()).sort()).toEqual(['node-a', 'node-b', 'node-c']);
    for (const [i, { node }] of logs.entries()) {
      const after = await reader.read(node, ids[i] as string, 10);
      expect(after.map((e) => [e.message.topic, e.message.payload.toString()])).toEqual([
        [`t/${node}`, '2'],
      ]);
      expect((await reader.checkpointOf(node))?.marks.get(node)).toBe(after[0]?.id);
    }
  });
});
