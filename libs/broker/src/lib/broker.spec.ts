import { PacketType } from '@mithqtt/codec';
import { defaultChannelConfig } from '@mithqtt/protocol';
import { describe, expect, it } from 'vitest';
import { Broker } from './broker';
import { AllowAllAuth } from './memory/allow-all';
import { MemoryRetainStore } from './memory/memory-retain.store';
import { MemorySessionStore } from './memory/memory-session.store';
import type { Authorizer } from './ports/auth.port';
import type { SessionStore } from './ports/session.port';
import { Client } from './test-client';

function setup(sessionStore?: SessionStore, storeTimeoutMs?: number, authorizer?: Authorizer) {
  let now = 1_000_000;
  const auth = new AllowAllAuth();
  const broker = new Broker({
    sessionStore,
    nodeId: 'n1',
    auth,
    authorizer: authorizer ?? auth,
    retain: new MemoryRetainStore(),
    channel: { ...defaultChannelConfig, queue: { maxQueued: 3, dropPolicy: 'drop-new' } },
    sessionExpiryMs: 60_000,
    authTimeoutMs: 1000,
    ...(storeTimeoutMs === undefined ? {} : { storeTimeoutMs }),
    now: () => now,
  });
  return {
    broker,
    client: () => new Client(broker, () => now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('Broker', () => {
  it('delivers once per session at the highest granted QoS of overlapping subscriptions', async () => {
    const { client } = setup();
    const sub = client();
    await sub.open('sub');
    sub.sub('a/+', 0);
    sub.sub('a/#', 1);
    const pub = client();
    await pub.open('pub');
    pub.pub('a/b', 'x', 2);
    expect(sub.received()).toEqual(['a/b:x:q1']);
  });

  it('[MQTT-3.8.4-6] caps delivery QoS at the publish QoS', async () => {
    const { client } = setup();
    const sub = client();
    await sub.open('sub');
    sub.sub('t', 2);
    const pub = client();
    await pub.open('pub');
    pub.pub('t', 'x', 0);
    expect(sub.received()).toEqual(['t:x:q0']);
  });

  it('queues QoS 1 for an offline persistent session, bounded, and delivers in order on return', async () => {
    const { client } = setup();
    const sub = client();
    await sub.open('p', false);
    sub.sub('q', 1);
    sub.channel.onClosed('socket-closed');
    const pub = client();
    await pub.open('pub');
    for (let i = 1; i <= 5; i++) pub.pub('q', `m${i}`, 1);
    pub.pub('q', 'zero', 0); // QoS 0 is not queued offline by default
    const back = client();
    const result = await back.open('p', false);
    expect(result).toMatchObject({ ok: true, sessionPresent: true });
    expect(back.received()).toEqual(['q:m1:q1', 'q:m2:q1', 'q:m3:q1']); // drop-new kept the first 3
  });

  it('keeps messages routed between accepting a CONNECT and sending its CONNACK (regression: they were dropped)', async () => {
    const { broker, client } = setup();
    const sub = client();
    await sub.open('gap', false);
    sub.sub('g', 1);
    sub.channel.onClosed('socket-closed');
    const pub = client();
    await pub.open('gap-pub');
    const back = client();
    back.channel.onPacket(
      {
        type: PacketType.CONNECT,
        protocolName: 'MQTT',
        protocolVersion: 4,
        cleanStart: false,
        keepAlive: 0,
        clientId: 'gap',
      },
      0,
    );
    const result = await broker.connect(back.channel, {
      clientId: 'gap',
      username: undefined,
      password: undefined,
      remoteAddress: '127.0.0.1',
      cleanSession: false,
      protocolVersion: 4,
    });
    pub.pub('g', 'in-the-gap', 1); // the session is owned, the CONNACK not yet sent
    pub.pub('g', 'zero-in-the-gap', 0);
    expect(back.out).toEqual([]);
    back.channel.onConnectResult(result);
    expect(back.received()).toEqual(['g:in-the-gap:q1', 'g:zero-in-the-gap:q0']);
  });

  it('a session store that never answers: persistent CONNECT gets 0x03 in bounded time, clean is accepted', async () => {
    class SilentStore extends MemorySessionStore {
      override ownerOf(): Promise<string | undefined> {
        return new Promise(() => undefined); // e.g. Redis half-gone: the command never returns
      }
    }
    const { client } = setup(new SilentStore(), 50);
    const started = Date.now();
    expect(await client().open('needs-store', false)).toEqual({ ok: false, returnCode: 3 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await client().open('clean-one', true)).toMatchObject({ ok: true });
  });

  it('a resumed persistent session keeps only the subscriptions the ACL still allows (rules changed while away)', async () => {
    const denied = new Set<string>();
    const authorizer: Authorizer = {
      canPublish: () => true,
      canSubscribe: (_who, filter) => !denied.has(filter),
    };
    for (const store of [undefined, new MemorySessionStore()]) {
      const { client } = setup(store, undefined, authorizer);
      const dev = client();
      await dev.open('acl-dev', false);
      dev.sub('open/#', 1);
      dev.sub('secret/#', 1);
      dev.channel.onClosed('socket-closed');
      denied.add('secret/#');
      // Same node (session in memory) and, with a store, a restart (session restored).
      const node = store ? setup(store, undefined, authorizer) : undefined;
      const back = node ? node.client() : client();
      expect(await back.open('acl-dev', false)).toMatchObject({ ok: true, sessionPresent: true });
      const pub = node ? node.client() : client();
      await pub.open('acl-pub');
      pub.pub('secret/x', 'no', 1);
      pub.pub('open/x', 'yes', 1);
      expect(back.received()).toEqual(['open/x:yes:q1']);
      if (store)
        expect([...((await store.load('acl-dev'))?.subscriptions.keys() ?? [])]).toEqual([
          'open/#',
        ]);
      denied.clear();
    }
  });

  it('restores a persistent session from the session store in a new broker (node restart): subscriptions, in-flight with DUP, queue', async () => {
    const store = new MemorySessionStore();
    const first = setup(store);
    const sub = first.client();
    await sub.open('keeper', false);
    sub.sub('k/#', 1);
    const pub = first.client();
    await pub.open('keeper-pub');
    pub.pub('k/1', 'a', 1); // sent, never acknowledged: in flight
    sub.channel.onClosed('socket-closed');
    pub.pub('k/2', 'b', 1); // queued while offline
    const second = setup(store); // same store, fresh broker: the node restarted
    const back = second.client();
    expect(await back.open('keeper', false)).toMatchObject({ ok: true, sessionPresent: true });
    expect(back.out.map((p) => [p.message.payload.toString(), p.dup])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    const again = second.client();
    await again.open('keeper-pub2');
    again.pub('k/3', 'c', 1); // the restored subscription is indexed
    expect(back.received().at(-1)).toBe('k/3:c:q1');
  });

  it('[MQTT-3.1.4-2] takes over: the old connection is closed and its will published', async () => {
    const { client } = setup();
    const watcher = client();
    await watcher.open('w');
    watcher.sub('will/#', 0);
    const first = client();
    await first.open('dup', true, {
      topic: 'will/dup',
      payload: Buffer.from('gone'),
      qos: 0,
      retain: false,
    });
    const second = client();
    await second.open('dup');
    expect(first.closed).toBe('taken-over');
    expect(watcher.received()).toEqual(['will/dup:gone:q0']);
    expect(second.channel.phase).toBe('connected');
  });

  it('[MQTT-3.1.2-8] a persistent session subscribed to its own will topic gets its will on takeover (regression: it was lost)', async () => {
    const { client } = setup();
    const first = client();
    await first.open('self', false, {
      topic: 'self/will',
      payload: Buffer.from('gone'),
      qos: 1,
      retain: false,
    });
    first.sub('self/will', 1);
    const second = client();
    await second.open('self', false);
    expect(first.closed).toBe('taken-over');
    expect(second.received()).toEqual(['self/will:gone:q1']);
  });

  it('[MQTT-3.3.1-6/8/9] retained: stored, sent with RETAIN=1 on subscribe, live with RETAIN=0, deleted by empty payload', async () => {
    const { client } = setup();
    const pub = client();
    await pub.open('pub');
    pub.pub('r/1', 'one', 1, true);
    pub.pub('r/2', 'two', 0, true);
    pub.pub('r/2', '', 0, true);
    const sub = client();
    await sub.open('sub');
    sub.sub('r/#', 1);
    await flush();
    expect(sub.received()).toEqual(['r/1:one:q1:r']);
    pub.pub('r/1', 'live', 1, true);
    expect(sub.received().at(-1)).toBe('r/1:live:q1');
  });

  it('[MQTT-3.1.2-6] a clean session is discarded at disconnect; a persistent one expires', async () => {
    const { broker, client, advance } = setup();
    const c = client();
    await c.open('clean');
    c.sub('x', 0);
    c.channel.onPacket({ type: PacketType.DISCONNECT }, 0);
    expect(broker.getSession('clean')).toBeUndefined();
    expect(broker.subscriptionCount).toBe(0);
    const p = client();
    await p.open('persist', false);
    p.sub('y', 1);
    p.channel.onPacket({ type: PacketType.DISCONNECT }, 0);
    expect(broker.getSession('persist')).toBeDefined();
    advance(60_001);
    broker.sweep();
    expect(broker.getSession('persist')).toBeUndefined();
    expect(broker.subscriptionCount).toBe(0);
  });

  it('answers CONNACK 0x03 when authentication does not answer in time', async () => {
    const auth = new AllowAllAuth();
    const broker = new Broker({
      auth: { authenticate: () => new Promise(() => undefined) },
      authorizer: auth,
      retain: new MemoryRetainStore(),
      channel: defaultChannelConfig,
      sessionExpiryMs: 1000,
      authTimeoutMs: 20,
    });
    const c = new Client(broker, Date.now);
    const result = await c.open('slow');
    expect(result).toEqual({ ok: false, returnCode: 3 });
  });
});
