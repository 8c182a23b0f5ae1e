import { type ConnectPacket, PacketType, type PublishPacket, type QoS } from '@mithqtt/codec';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Action, RecordingHost } from '../test/recording-host';
import { Channel } from './channel';
import { type ChannelConfig, defaultChannelConfig } from './config';
import type { Message } from './message';
import { Session } from './session';

const T0 = 1_000_000;

function connect(over: Partial<ConnectPacket> = {}): ConnectPacket {
  return {
    type: PacketType.CONNECT,
    protocolName: 'MQTT',
    protocolVersion: 4,
    cleanStart: true,
    keepAlive: 60,
    clientId: 'c1',
    ...over,
  };
}

function publish(topic: string, qos: QoS, packetId?: number, payload = 'x'): PublishPacket {
  return {
    type: PacketType.PUBLISH,
    topic,
    payload: Buffer.from(payload),
    qos,
    retain: false,
    dup: false,
    packetId,
  };
}

function msg(topic: string, payload = topic): Message {
  return { topic, payload: Buffer.from(payload), qos: 2, retain: false };
}

function sent(actions: Action[]): unknown[] {
  return actions.flatMap((a) => (a.kind === 'send' ? [a.packet] : []));
}

function published(actions: Action[]): { id: number; qos: QoS; dup: boolean; topic: string }[] {
  return actions.flatMap((a) =>
    a.kind === 'publish-out'
      ? [
          {
            id: a.publish.packetId,
            qos: a.publish.qos,
            dup: a.publish.dup,
            topic: a.publish.message.topic,
          },
        ]
      : [],
  );
}

describe('Channel (protocol core)', () => {
  let host: RecordingHost;
  let config: ChannelConfig;
  let ch: Channel;

  function open(
    cfg: Partial<ChannelConfig> = {},
    session = new Session('c1', false),
    present = false,
  ): Channel {
    config = { ...defaultChannelConfig, ...cfg };
    ch = new Channel(host, config, '127.0.0.1', T0);
    ch.onPacket(connect({ cleanStart: !session.persistent }), T0);
    ch.onConnectResult({ ok: true, session, sessionPresent: present });
    host.take();
    return ch;
  }

  beforeEach(() => {
    host = new RecordingHost();
  });

  describe('CONNECT', () => {
    it('[MQTT-3.1.0-1] closes when the first packet is not CONNECT', () => {
      ch = new Channel(host, defaultChannelConfig, '127.0.0.1', T0);
      ch.onPacket({ type: PacketType.PINGREQ }, T0);
      expect(host.take().map((a) => a.kind)).toEqual(['disconnected', 'close']);
    });

    it('asks the host to authenticate, then sends CONNACK 0 with session present', () => {
      ch = new Channel(host, defaultChannelConfig, '127.0.0.1', T0);
      ch.onPacket(connect({ cleanStart: false }), T0);
      const [action] = host.take();
      expect(action).toMatchObject({
        kind: 'connect',
        request: { clientId: 'c1', cleanSession: false },
      });
      ch.onConnectResult({ ok: true, session: new Session('c1', true), sessionPresent: true });
      expect(sent(host.take())).toEqual([
        { type: PacketType.CONNACK, sessionPresent: true, reasonCode: 0 },
      ]);
    });

    it('[MQTT 3.1] leaves the reserved CONNACK byte 0 when a 3.1 session is resumed', () => {
      ch = new Channel(host, defaultChannelConfig, '127.0.0.1', T0);
      ch.onPacket(connect({ protocolName: 'MQIsdp', protocolVersion: 3, cleanStart: false }), T0);
      host.take();
      ch.onConnectResult({ ok: true, session: new Session('c1', true), sessionPresent: true });
      expect(sent(host.take())).toEqual([
        { type: PacketType.CONNACK, sessionPresent: false, reasonCode: 0 },
      ]);
    });

    it('[MQTT-3.1.0-2] closes on a second CONNECT', () => {
      open();
      ch.onPacket(connect(), T0);
      expect(host.take().map((a) => a.kind)).toEqual(['disconnected', 'close']);
    });

    it('[MQTT 3.1.4] holds packets sent before CONNACK and handles them once connected', () => {
      ch = new Channel(host, defaultChannelConfig, '127.0.0.1', T0);
      ch.onPacket(connect(), T0);
      ch.onPacket({ type: PacketType.PINGREQ }, T0);
      expect(host.take().map((a) => a.kind)).toEqual(['connect']);
      ch.onConnectResult({ ok: true, session: new Session('c1', false), sessionPresent: false });
      expect(sent(host.take())).toEqual([
        { type: PacketType.CONNACK, sessionPresent: false, reasonCode: 0 },
        { type: PacketType.PINGRESP },
      ]);
    });

    it('[MQTT-3.1.4-5] discards packets sent before a refusing CONNACK', () => {
      ch = new Channel(host, defaultChannelConfig, '127.0.0.1', T0);
      ch.onPacket(connect(), T0);
      ch.onPacket({ type: PacketType.PINGREQ }, T0);
      host.take();
      ch.onConnectResult({ ok: false, returnCode: 5 });
      expect(sent(host.take())).toEqual([
        { type: PacketType.CONNACK, sessionPresent: false, reasonCode: 5 },
      ]);
    });

    it('[MQTT-3.1.3-8] refuses an empty client id with CleanSession=0 (0x02)', () => {
      ch = new Channel(host, defaultChannelConfig, '127.0.0.1', T0);
      ch.onPacket(connect({ clientId: '', cleanStart: false }), T0);
      const actions = host.take();
      expect(sent(actions)).toEqual([
        { type: PacketType.CONNACK, sessionPresent: false, reasonCode: 2 },
      ]);
      expect(actions.at(-1)).toEqual({ kind: 'close', reason: 'connect-refused' });
    });

    it('[MQTT-3.1.3-6] assigns a client id to an empty one with CleanSession=1', () => {
      ch = new Channel(host, defaultChannelConfig, '127.0.0.1', T0);
      ch.onPacket(connect({ clientId: '' }), T0);
      const [action] = host.take();
      expect(action?.kind).toBe('connect');
      if (action?.kind === 'connect') expect(action.request.clientId).toMatch(/^auto-/);
    });

    it('refuses a keepalive above the configured maximum with 0x02', () => {
      ch = new Channel(host, { ...defaultChannelConfig, maxKeepAlive: 30 }, '127.0.0.1', T0);
      ch.onPacket(connect({ keepAlive: 60 }), T0);
      expect(sent(host.take())).toEqual([
        { type: PacketType.CONNACK, sessionPresent: false, reasonCode: 2 },
      ]);
    });

    it('sends the refusal code from the host and closes', () => {
      ch = new Channel(host, defaultChannelConfig, '127.0.0.1', T0);
      ch.onPacket(connect(), T0);
      host.take();
      ch.onConnectResult({ ok: false, returnCode: 4 });
      const actions = host.take();
      expect(sent(actions)).toEqual([
        { type: PacketType.CONNACK, sessionPresent: false, reasonCode: 4 },
      ]);
      expect(actions.at(-1)).toEqual({ kind: 'close', reason: 'connect-refused' });
    });
  });

  describe('keepalive', () => {
    it('[MQTT-3.1.2-24] closes after 1.5x the keepalive without a packet', () => {
      open();
      ch.tick(T0 + 89_999);
      expect(host.take()).toEqual([]);
      ch.tick(T0 + 90_000);
      expect(host.take().at(-1)).toEqual({ kind: 'close', reason: 'keepalive-timeout' });
    });

    it('any packet resets the keepalive clock; PINGREQ gets PINGRESP', () => {
      open();
      ch.onPacket({ type: PacketType.PINGREQ }, T0 + 80_000);
      expect(sent(host.take())).toEqual([{ type: PacketType.PINGRESP }]);
      ch.tick(T0 + 160_000);
      expect(host.take()).toEqual([]);
    });

    it('keepalive 0 turns the check off', () => {
      ch = new Channel(host, defaultChannelConfig, '127.0.0.1', T0);
      ch.onPacket(connect({ keepAlive: 0 }), T0);
      ch.onConnectResult({ ok: true, session: new Session('c1', false), sessionPresent: false });
      host.take();
      ch.tick(T0 + 10_000_000);
      expect(host.take()).toEqual([]);
    });

    it('closes a connection that sends no CONNECT within the connect timeout', () => {
      ch = new Channel(host, { ...defaultChannelConfig, connectTimeoutMs: 5000 }, '127.0.0.1', T0);
      ch.tick(T0 + 4999);
      expect(host.take()).toEqual([]);
      ch.tick(T0 + 5000);
      expect(host.take().at(-1)).toEqual({ kind: 'close', reason: 'connect-timeout' });
    });
  });

  describe('inbound PUBLISH', () => {
    it('routes QoS 1 then acknowledges with PUBACK', () => {
      open();
      ch.onPacket(publish('a/b', 1, 7), T0);
      const actions = host.take();
      expect(actions.map((a) => a.kind)).toEqual(['route', 'send']);
      expect(sent(actions)).toEqual([{ type: PacketType.PUBACK, packetId: 7 }]);
    });

    it('[MQTT-4.3.3-2] a re-sent QoS 2 PUBLISH before PUBREL is not routed twice', () => {
      open();
      ch.onPacket(publish('a', 2, 9), T0);
      ch.onPacket({ ...publish('a', 2, 9), dup: true }, T0);
      const actions = host.take();
      expect(actions.filter((a) => a.kind === 'route')).toHaveLength(1);
      expect(sent(actions)).toEqual([
        { type: PacketType.PUBREC, packetId: 9 },
        { type: PacketType.PUBREC, packetId: 9 },
      ]);
      ch.onPacket({ type: PacketType.PUBREL, packetId: 9 }, T0);
      expect(sent(host.take())).toEqual([{ type: PacketType.PUBCOMP, packetId: 9 }]);
      ch.onPacket(publish('a', 2, 9), T0); // a new message may reuse the released id
      expect(host.take().filter((a) => a.kind === 'route')).toHaveLength(1);
    });

    it('[MQTT-3.3.2-2] closes on a topic name with wildcards', () => {
      open();
      ch.onPacket(publish('a/+', 0), T0);
      expect(host.take().at(-1)).toEqual({ kind: 'close', reason: 'protocol-error' });
    });

    it('acknowledges but does not route a denied QoS 1 PUBLISH', () => {
      open();
      host.denyPublish.add('secret');
      ch.onPacket(publish('secret', 1, 3), T0);
      const actions = host.take();
      expect(actions.map((a) => a.kind)).toEqual(['send']);
      expect(sent(actions)).toEqual([{ type: PacketType.PUBACK, packetId: 3 }]);
    });
  });

  describe('outbound delivery', () => {
    it('[MQTT-2.3.1-2] never reuses an id in flight and respects the window', () => {
      open({ maxInflight: 2 });
      ch.deliver(msg('t1'), 1, false);
      ch.deliver(msg('t2'), 1, false);
      ch.deliver(msg('t3'), 1, false);
      expect(published(host.take())).toEqual([
        { id: 1, qos: 1, dup: false, topic: 't1' },
        { id: 2, qos: 1, dup: false, topic: 't2' },
      ]);
      ch.onPacket({ type: PacketType.PUBACK, packetId: 1 }, T0);
      expect(published(host.take())).toEqual([{ id: 3, qos: 1, dup: false, topic: 't3' }]);
    });

    it('keeps order: a QoS 0 message waits behind queued QoS 1 messages', () => {
      open({ maxInflight: 1 });
      ch.deliver(msg('q1'), 1, false);
      ch.deliver(msg('q2'), 1, false);
      ch.deliver(msg('z'), 0, false);
      expect(published(host.take()).map((p) => p.topic)).toEqual(['q1']);
      ch.onPacket({ type: PacketType.PUBACK, packetId: 1 }, T0);
      ch.onPacket({ type: PacketType.PUBACK, packetId: 2 }, T0);
      expect(published(host.take()).map((p) => p.topic)).toEqual(['q2', 'z']);
    });

    it('QoS 2 outbound: PUBREC -> PUBREL, PUBCOMP frees the id', () => {
      open({ maxInflight: 1 });
      ch.deliver(msg('a'), 2, false);
      ch.deliver(msg('b'), 2, false);
      host.take();
      ch.onPacket({ type: PacketType.PUBREC, packetId: 1 }, T0);
      expect(sent(host.take())).toEqual([{ type: PacketType.PUBREL, packetId: 1 }]);
      ch.onPacket({ type: PacketType.PUBCOMP, packetId: 1 }, T0);
      expect(published(host.take())).toEqual([{ id: 2, qos: 2, dup: false, topic: 'b' }]);
    });

    it('[MQTT-4.4.0-1] resends unacknowledged PUBLISH with DUP and PUBREL on resume, in order', () => {
      const session = new Session('c1', true);
      open({ maxInflight: 10 }, session);
      ch.deliver(msg('a'), 1, false);
      ch.deliver(msg('b'), 2, false);
      ch.deliver(msg('c'), 2, false);
      ch.onPacket({ type: PacketType.PUBREC, packetId: 2 }, T0);
      ch.onClosed('socket-closed');
      host.take();
      const next = new Channel(host, config, '127.0.0.1', T0);
      next.onPacket(connect({ cleanStart: false }), T0);
      next.onConnectResult({ ok: true, session, sessionPresent: true });
      const actions = host.take().filter((a) => a.kind !== 'connect');
      expect(
        actions.map((a) =>
          a.kind === 'publish-out'
            ? `PUBLISH ${a.publish.packetId} dup=${a.publish.dup}`
            : a.kind === 'send'
              ? `${a.packet.type}`
              : a.kind,
        ),
      ).toEqual(['2', 'PUBLISH 1 dup=true', `${PacketType.PUBREL}`, 'PUBLISH 3 dup=true']);
    });

    it('drops QoS 0 while the socket is over its high-water mark, queues QoS 1', () => {
      open();
      ch.writable = false;
      ch.deliver(msg('zero'), 0, false);
      ch.deliver(msg('one'), 1, false);
      expect(published(host.take())).toEqual([]);
      expect(ch.dropped).toBe(1);
      ch.onWritable();
      expect(published(host.take()).map((p) => p.topic)).toEqual(['one']);
    });
  });

  describe('SUBSCRIBE / UNSUBSCRIBE', () => {
    it('[MQTT-3.8.4-5] answers one code per filter; invalid or denied get 0x80', () => {
      open();
      host.denySubscribe.add('private/#');
      ch.onPacket(
        {
          type: PacketType.SUBSCRIBE,
          packetId: 5,
          subscriptions: [
            { topicFilter: 'a/+', qos: 1 },
            { topicFilter: 'a/#/b', qos: 1 },
            { topicFilter: 'private/#', qos: 0 },
            { topicFilter: 'c', qos: 2 },
          ],
        },
        T0,
      );
      const actions = host.take();
      expect(sent(actions)).toEqual([
        { type: PacketType.SUBACK, packetId: 5, reasonCodes: [1, 0x80, 0x80, 2] },
      ]);
      expect(
        actions
          .filter((a) => a.kind === 'subscribe')
          .map((a) => (a.kind === 'subscribe' ? a.filter : '')),
      ).toEqual(['a/+', 'c']);
      // The SUBACK goes out before the host indexes (and sends retained messages).
      expect(actions[0]?.kind).toBe('send');
    });

    it('[MQTT-3.10.4-5] answers UNSUBACK even when nothing matched', () => {
      open();
      ch.onPacket({ type: PacketType.UNSUBSCRIBE, packetId: 8, topicFilters: ['nope'] }, T0);
      expect(host.take()).toEqual([
        { kind: 'send', packet: { type: PacketType.UNSUBACK, packetId: 8 } },
      ]);
    });
  });

  describe('will', () => {
    const will = { topic: 'w', payload: Buffer.from('bye'), qos: 1 as const, retain: true };

    it('[MQTT-3.1.2-8] publishes the will on a close without DISCONNECT', () => {
      ch = new Channel(host, defaultChannelConfig, '127.0.0.1', T0);
      ch.onPacket(connect({ will }), T0);
      ch.onConnectResult({ ok: true, session: new Session('c1', false), sessionPresent: false });
      host.take();
      ch.onClosed('socket-error');
      const route = host.take().find((a) => a.kind === 'route');
      expect(route).toMatchObject({ message: { topic: 'w', qos: 1, retain: true } });
    });

    it('[MQTT-3.1.2-8] takes the session offline before routing the will (regression: a persistent session subscribed to its own will topic lost it)', () => {
      ch = new Channel(host, defaultChannelConfig, '127.0.0.1', T0);
      ch.onPacket(connect({ will }), T0);
      ch.onConnectResult({ ok: true, session: new Session('c1', true), sessionPresent: false });
      host.take();
      ch.onClosed('socket-error');
      expect(host.take().map((a) => a.kind)).toEqual(['disconnected', 'route']);
    });

    it('[MQTT-3.14.4-3] discards the will on DISCONNECT', () => {
      ch = new Channel(host, defaultChannelConfig, '127.0.0.1', T0);
      ch.onPacket(connect({ will }), T0);
      ch.onConnectResult({ ok: true, session: new Session('c1', false), sessionPresent: false });
      host.take();
      ch.onPacket({ type: PacketType.DISCONNECT }, T0);
      expect(host.take().map((a) => a.kind)).toEqual(['disconnected', 'close']);
    });
  });
});
