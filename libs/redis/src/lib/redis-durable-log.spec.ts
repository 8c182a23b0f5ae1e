import { compareLogIds } from '@mithqtt/broker';
import { startRedis } from '@mithqtt/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisDurableLog } from './redis-durable-log';

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

const message = (topic: string, payload: Buffer, qos: 0 | 1 | 2 = 1) => ({
  topic,
  payload,
  qos,
  retain: false,
  origin: 'pub-1',
});

describe('RedisDurableLog (real redis-server)', () => {
  it('stores appends of a turn in order, binary payloads exact; reads after an id', async () => {
    const prefix = `t${++n}`;
    const log = new RedisDurableLog(redis, 'node-a', 60_000, prefix);
    await log.init();
    const binary = Buffer.from([0, 255, 10, 13, 0]);
    const a = log.append(message('a/1', binary));
    const b = log.append(message('a/2', Buffer.from('two'), 2));
    const c = log.append({ ...message('a/3', Buffer.alloc(0)), retain: true, origin: undefined });
    expect(a.stored).toBe(b.stored); // one round trip for the turn
    await Promise.all([a.stored, b.stored, c.stored]);
    expect(compareLogIds(b.id, a.id)).toBeGreaterThan(0);
    const all = await log.read('node-a', '0-0', 10);
    expect(all.map((e) => e.id)).toEqual([a.id, b.id, c.id]);
    expect(all[0]?.message.payload.equals(binary)).toBe(true);
    expect(all.map((e) => [e.message.topic, e.message.qos, e.message.retain])).toEqual([
      ['a/1', 1, false],
      ['a/2', 2, false],
      ['a/3', 1, true],
    ]);
    expect(all[0]?.message.origin).toBe('pub-1');
    expect(all[2]?.message.origin).toBeUndefined();
    expect(all[0]?.message.node).toBe('node-a');
    expect((await log.read('node-a', a.id, 10)).map((e) => e.id)).toEqual([b.id, c.id]);
    expect((await log.read('node-a', a.id, 1)).map((e) => e.id)).toEqual([b.id]);
    expect(await log.origins()).toEqual(['node-a']);
  });

  it('a restarted node continues after its last id even if its clock stepped back', async () => {
    const prefix = `t${++n}`;
    const future = `${Date.now() + 60_000}-5`;
    await redis.xadd(`${prefix}:log:{node-r}`, future, 't', 'x');
    const log = new RedisDurableLog(redis, 'node-r', 60_000, prefix);
    await log.init();
    const next = log.append(message('x', Buffer.from('1')));
    await next.stored;
    expect(compareLogIds(next.id, future)).toBeGreaterThan(0);
  });

  it('trims entries older than the retention, and forgets a dead node whose log expired', async () => {
    const prefix = `t${++n}`;
    const log = new RedisDurableLog(redis, 'node-t', 200, prefix);
    await log.init();
    const other = new RedisDurableLog(redis, 'node-gone', 200, prefix);
    await other.init();
    await other.append(message('g', Buffer.from('g'))).stored;
    for (let i = 0; i < 300; i++) await log.append(message('t', Buffer.from(String(i)))).stored;
    await new Promise((resolve) => setTimeout(resolve, 400));
    for (let i = 0; i < 300; i++) await log.append(message('t', Buffer.from(String(i)))).stored;
    // MINID ~ trims whole macro nodes: most of the old entries are gone, the new ones stay.
    const left = await log.read('node-t', '0-0', 1000);
    expect(left.length).toBeGreaterThanOrEqual(300);
    expect(left.length).toBeLessThan(600);
    expect(await log.read('node-gone', '0-0', 10)).toEqual([]);
    expect(await log.origins()).toEqual(['node-t']);
  });

  it('keeps the latest node checkpoint (marks and time), replaced whole', async () => {
    const prefix = `t${++n}`;
    const log = new RedisDurableLog(redis, 'node-k', 60_000, prefix);
    await log.init();
    expect(await log.checkpointOf('node-k')).toBeUndefined();
    await log.saveCheckpoint(
      new Map([
        ['node-a', '5-1'],
        ['node-k', '6-0'],
      ]),
      1000,
    );
    await log.saveCheckpoint(new Map([['node-a', '7-0']]), 2000);
    const other = new RedisDurableLog(redis, 'node-x', 60_000, prefix);
    const seen = await other.checkpointOf('node-k');
    expect(seen?.at).toBe(2000);
    expect(Object.fromEntries(seen?.marks ?? [])).toEqual({ 'node-a': '7-0' });
  });
});
