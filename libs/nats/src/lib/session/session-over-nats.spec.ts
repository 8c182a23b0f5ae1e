import { MemorySessionStore, type SessionStore } from '@mithqtt/broker';
import {
  nodeSessionContract,
  SESSION_DELETE,
  SESSION_GET,
  SESSION_KICK,
  SESSION_SUBSCRIBE,
  SESSION_UNSUBSCRIBE,
  type SessionGetReply,
  SUBJECTS,
} from '@mithqtt/contracts';
import { startNats } from '@mithqtt/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NO_RETRY, RpcClient, RpcError, RpcServer } from '../rpc';
import { SessionService } from './session.service';

// The session service on a real nats-server, over a MemorySessionStore (the Redis store is
// exercised by apps/session), with stand-in gateway nodes answering their node-addressed
// subjects from a map of the sessions they "hold".
let nats: Awaited<ReturnType<typeof startNats>>;
let serviceConn: NatsConnection;
let nodeConn: NatsConnection;
let callerConn: NatsConnection;
let store: MemorySessionStore;
let service: RpcServer | undefined;
let live: string[];
const nodes: RpcServer[] = [];
const opts = {
  qos: 1 as const,
  noLocal: false,
  retainAsPublished: false,
  retainHandling: 0 as const,
};

/** A stand-in gateway node: answers for the sessions in `held`, NOT_FOUND for the rest. */
async function standInNode(
  nodeId: string,
  held: Map<string, SessionGetReply>,
  log: string[] = [],
): Promise<void> {
  const server = new RpcServer(nodeConn, { queue: nodeId });
  const holding = (clientId: string): SessionGetReply => {
    const s = held.get(clientId);
    if (!s) throw new RpcError('NOT_FOUND', 'not here');
    return s;
  };
  server.handleJson(nodeSessionContract(nodeId, 'get'), ({ clientId }) => {
    log.push(`get ${clientId}`);
    return Promise.resolve(holding(clientId));
  });
  server.handleJson(nodeSessionContract(nodeId, 'kick'), ({ clientId }) => {
    const s = holding(clientId);
    log.push(`kick ${clientId}`);
    const kicked = s.online;
    held.set(clientId, { ...s, online: false, node: null });
    return Promise.resolve({ kicked });
  });
  server.handleJson(nodeSessionContract(nodeId, 'subscribe'), ({ clientId, filter, qos }) => {
    const s = holding(clientId);
    log.push(`subscribe ${clientId} ${filter}`);
    held.set(clientId, { ...s, subscriptions: [...s.subscriptions, { filter, qos }] });
    return Promise.resolve({ filter, qos });
  });
  await nodeConn.flush();
  nodes.push(server);
}

async function serve(over: SessionStore, nodeTimeoutMs = 300): Promise<void> {
  service = new RpcServer(serviceConn, { queue: 'session' });
  new SessionService(over, {
    nodes: new RpcClient(serviceConn, { timeoutMs: nodeTimeoutMs, retry: NO_RETRY }),
    liveNodes: () => live,
    sessionExpiryMs: 60_000,
  }).register(service);
  await serviceConn.flush();
}

const caller = () => new RpcClient(callerConn, { timeoutMs: 2000 });

beforeAll(async () => {
  nats = await startNats();
  serviceConn = await connect({ servers: nats.url });
  nodeConn = await connect({ servers: nats.url });
  callerConn = await connect({ servers: nats.url });
});
beforeEach(async () => {
  store = new MemorySessionStore();
  live = [];
  await serve(store);
});
afterEach(async () => {
  await service?.stop();
  await Promise.all(nodes.splice(0).map((n) => n.stop()));
});
afterAll(async () => {
  await Promise.all([serviceConn, nodeConn, callerConn].map((c) => c.close()));
  await nats.stop();
});

const online = (clientId: string, node: string): SessionGetReply => ({
  clientId,
  online: true,
  node,
  persistent: true,
  subscriptions: [{ filter: 'a/+', qos: 1 }],
  queued: 0,
  inflight: 0,
});

describe('session service (mqtt.session.v1.*)', () => {
  it('forwards to the node the store names, and never writes the store behind it', async () => {
    const log: string[] = [];
    await standInNode('node-b', new Map([['dev-1', online('dev-1', 'node-b')]]), log);
    store.open('dev-1', 'node-b');
    const rpc = caller();
    expect(await rpc.call(SESSION_GET, { clientId: 'dev-1' })).toEqual(online('dev-1', 'node-b'));
    expect(await rpc.call(SESSION_SUBSCRIBE, { clientId: 'dev-1', filter: 'c/#', qos: 2 })).toEqual(
      { filter: 'c/#', qos: 2 },
    );
    expect(await rpc.call(SESSION_KICK, { clientId: 'dev-1' })).toEqual({ kicked: true });
    expect(log).toEqual(['get dev-1', 'subscribe dev-1 c/#', 'kick dev-1']);
    expect((await store.load('dev-1'))?.subscriptions.size).toBe(0);
  });

  it('finds a clean-session client (not stored) on whichever live node holds it', async () => {
    await standInNode('node-a', new Map());
    await standInNode('node-b', new Map([['clean-1', online('clean-1', 'node-b')]]));
    live = ['node-a', 'node-b', 'node-gone'];
    expect(await caller().call(SESSION_GET, { clientId: 'clean-1' })).toMatchObject({
      node: 'node-b',
      online: true,
    });
  });

  describe('a stored session no live node holds (its node died)', () => {
    beforeEach(() => {
      store.open('dev-2', 'node-dead');
      store.setSubscription('dev-2', 'x/y', opts);
      store.observe('dev-2').queued(
        {
          message: { topic: 'x/y', payload: Buffer.from('q'), qos: 1, retain: false },
          qos: 1,
          retain: false,
        },
        1,
      );
    });

    it('get reads it from the store: offline, no node', async () => {
      expect(await caller().call(SESSION_GET, { clientId: 'dev-2' })).toEqual({
        clientId: 'dev-2',
        online: false,
        node: null,
        persistent: true,
        subscriptions: [{ filter: 'x/y', qos: 1 }],
        queued: 1,
        inflight: 0,
      });
    });

    it('subscribe and unsubscribe change the stored subscriptions (replace semantics)', async () => {
      const rpc = caller();
      await rpc.call(SESSION_SUBSCRIBE, { clientId: 'dev-2', filter: 'cmd/#', qos: 0 });
      await rpc.call(SESSION_SUBSCRIBE, { clientId: 'dev-2', filter: 'cmd/#', qos: 2 });
      expect([...((await store.load('dev-2'))?.subscriptions ?? [])]).toEqual([
        ['x/y', opts],
        ['cmd/#', { ...opts, qos: 2 }],
      ]);
      const unsubscribe = { clientId: 'dev-2', filter: 'x/y' };
      expect(await rpc.call(SESSION_UNSUBSCRIBE, unsubscribe)).toEqual({ removed: true });
      expect(await rpc.call(SESSION_UNSUBSCRIBE, unsubscribe)).toEqual({ removed: false });
      expect([...((await store.load('dev-2'))?.subscriptions.keys() ?? [])]).toEqual(['cmd/#']);
    });

    it('kick has nobody to close; delete removes it from the store', async () => {
      const rpc = caller();
      expect(await rpc.call(SESSION_KICK, { clientId: 'dev-2' })).toEqual({ kicked: false });
      expect(await rpc.call(SESSION_DELETE, { clientId: 'dev-2' })).toEqual({ deleted: true });
      expect(await store.ownerOf('dev-2')).toBeUndefined();
      await expect(rpc.call(SESSION_DELETE, { clientId: 'dev-2' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('a node that holds it but does not answer in time is a TIMEOUT, the store untouched', async () => {
      // Subscribed to node-dead's subjects but never answering: alive, hung.
      const hung = nodeConn.subscribe(nodeSessionContract('node-dead', 'subscribe').subject);
      await nodeConn.flush();
      try {
        await expect(
          new RpcClient(callerConn, { retry: NO_RETRY }).call(SESSION_SUBSCRIBE, {
            clientId: 'dev-2',
            filter: 'new/#',
            qos: 1,
          }),
        ).rejects.toMatchObject({ code: 'TIMEOUT' });
        expect((await store.load('dev-2'))?.subscriptions.has('new/#')).toBe(false);
      } finally {
        hung.unsubscribe();
      }
    });
  });

  it('an unknown client is NOT_FOUND for every verb', async () => {
    await standInNode('node-a', new Map());
    live = ['node-a'];
    const rpc = caller();
    const calls = [
      rpc.call(SESSION_GET, { clientId: 'nobody' }),
      rpc.call(SESSION_KICK, { clientId: 'nobody' }),
      rpc.call(SESSION_DELETE, { clientId: 'nobody' }),
      rpc.call(SESSION_SUBSCRIBE, { clientId: 'nobody', filter: 'a', qos: 0 }),
      rpc.call(SESSION_UNSUBSCRIBE, { clientId: 'nobody', filter: 'a' }),
    ];
    // Settled together: awaiting them one by one left later rejections unhandled meanwhile.
    const outcomes = await Promise.allSettled(calls);
    expect(
      outcomes.map((o) => (o.status === 'rejected' ? (o.reason as RpcError).code : 'ok')),
    ).toEqual(Array.from({ length: 5 }, () => 'NOT_FOUND'));
  });

  it('refuses a bad filter from a raw caller, naming the field', async () => {
    const reply = await callerConn.request(
      SUBJECTS.session.subscribe,
      JSON.stringify({ clientId: 'c', filter: 'a/#/b', qos: 1 }),
      { timeout: 2000 },
    );
    expect(reply.headers?.get('mqtt-error')).toBe('BAD_REQUEST');
    expect(reply.json()).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'filter' } });
  });

  it('a failing store is UNAVAILABLE, its cause not sent to the caller', async () => {
    await service?.stop();
    const failing = new MemorySessionStore();
    failing.ownerOf = () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379'));
    await serve(failing);
    await expect(caller().call(SESSION_GET, { clientId: 'x' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'session store unavailable',
    });
  });

  it('no session service: UNAVAILABLE at once, not a hang', async () => {
    await service?.stop();
    service = undefined;
    const started = Date.now();
    await expect(
      new RpcClient(callerConn, { retry: NO_RETRY }).call(SESSION_GET, { clientId: 'x' }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(500);
  });
});
