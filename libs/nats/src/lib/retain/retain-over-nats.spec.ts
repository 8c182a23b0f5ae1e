import { MemoryRetainStore, type RetainStore } from '@mithqtt/broker';
import { ERROR_HEADER, SUBJECTS } from '@mithqtt/contracts';
import { describeRetainStoreContract, startNats } from '@mithqtt/testing';
import { type NatsConnection, connect, headers } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RpcClient, RpcServer } from '../rpc';
import { NatsRetainStore } from './nats-retain.store';
import { RetainService } from './retain.service';

let nats: Awaited<ReturnType<typeof startNats>>;
let serviceConn: NatsConnection;
let clientConn: NatsConnection;
let server: RpcServer | undefined;

/** A retain service over `store` (one at a time: the subjects are fixed), and a client store. */
async function serve(store: RetainStore, maxReplyBytes = 64 * 1024): Promise<NatsRetainStore> {
  await server?.stop();
  server = new RpcServer(serviceConn, { queue: 'retain' });
  new RetainService(store, { maxReplyBytes }).register(server);
  await serviceConn.flush();
  return new NatsRetainStore(new RpcClient(clientConn, { timeoutMs: 2000 }));
}

beforeAll(async () => {
  nats = await startNats();
  serviceConn = await connect({ servers: nats.url });
  clientConn = await connect({ servers: nats.url });
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});
afterAll(async () => {
  await clientConn.close();
  await serviceConn.close();
  await nats.stop();
});

describeRetainStoreContract(
  'NatsRetainStore -> real NATS -> RetainService -> MemoryRetainStore',
  () => serve(new MemoryRetainStore()),
);

describe('retain over NATS', () => {
  it('keeps topics NATS headers cannot hold as-is, and payload bytes exactly', async () => {
    const store = await serve(new MemoryRetainStore());
    const topics = [' lead/trail ', 'line\nbreak', 'ünï/cødé', 'a:b/c d'];
    for (const topic of topics) {
      await store.set({ topic, payload: Buffer.from([0, 255, 13, 10]), qos: 1, retain: true });
    }
    for (const topic of topics) {
      const got = await store.get(topic);
      expect(got?.topic).toBe(topic);
      expect(got?.payload).toEqual(Buffer.from([0, 255, 13, 10]));
    }
    expect((await store.match('#')).map((m) => m.topic).sort()).toEqual([...topics].sort());
  });

  it('splits a long match answer over several messages and loses none', async () => {
    const store = await serve(new MemoryRetainStore(), 1000);
    const payload = Buffer.alloc(100, 7);
    for (let i = 0; i < 300; i++)
      await store.set({ topic: `m/${i}`, payload, qos: 0, retain: true });
    const got = await store.match('m/+');
    expect(got).toHaveLength(300);
    expect(new Set(got.map((m) => m.topic)).size).toBe(300);
    expect(got.every((m) => m.payload.equals(payload) && m.retain)).toBe(true);
  });

  it('answers raw requests from any NATS client (e.g. `nats req`)', async () => {
    await serve(new MemoryRetainStore());
    const h = headers();
    h.set('Topic', 'plain/topic');
    h.set('QOS', '2');
    const set = await clientConn.request(SUBJECTS.retain.set, 'hello', {
      headers: h,
      timeout: 2000,
    });
    expect(set.json()).toEqual({ stored: true });
    const got = await clientConn.request(SUBJECTS.retain.get, '{"topic":"plain/topic"}', {
      timeout: 2000,
    });
    expect([got.string(), got.headers?.get('qos')]).toEqual(['hello', '2']);
    const count = await clientConn.request(SUBJECTS.retain.count, '', { timeout: 2000 });
    expect(count.json()).toEqual({ count: 1 });
  });

  it.each([
    [{ qos: '1' }, 'x', 'topic'],
    [{ topic: 'a/#', qos: '1' }, 'x', 'topic'],
    [{ topic: 'a', qos: '5' }, 'x', 'qos'],
    [{ topic: 'a', qos: '1' }, '', 'payload'],
  ])('refuses a bad set %j naming %s', async (hdrs, body, field) => {
    await serve(new MemoryRetainStore());
    const h = headers();
    for (const [k, v] of Object.entries(hdrs)) h.set(k, v);
    const reply = await clientConn.request(SUBJECTS.retain.set, body, {
      headers: h,
      timeout: 2000,
    });
    expect(reply.headers?.get(ERROR_HEADER)).toBe('BAD_REQUEST');
    expect(reply.json()).toMatchObject({ error: { code: 'BAD_REQUEST', field } });
  });

  it('refuses bad filters and topics before sending them', async () => {
    const store = await serve(new MemoryRetainStore());
    await expect(store.match('a/#/b')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      field: 'filter',
    });
    await expect(store.get('a/+')).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'topic' });
  });

  it('a failing store is UNAVAILABLE to the caller, its cause only in the service log', async () => {
    const failing: RetainStore = {
      set: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379')),
      delete: () => Promise.reject(new Error('down')),
      get: () => Promise.reject(new Error('down')),
      match: () => Promise.reject(new Error('down')),
      count: () => Promise.reject(new Error('down')),
    };
    const store = await serve(failing);
    const error = await store
      .set({ topic: 't', payload: Buffer.from('x'), qos: 0, retain: true })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'retained-message store unavailable',
    });
    await expect(store.match('#')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('no retain service: UNAVAILABLE, not a hang', async () => {
    const store = new NatsRetainStore(
      new RpcClient(clientConn, { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }),
    );
    await expect(store.get('a')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(store.match('#')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
