import type { IPublishPacket, QoS } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { type BrokerHandle, CLUSTER_MODE, useBroker } from './support/broker';
import { connectClient, type TestClient } from './support/mqtt-client';
import { uniqueId, uniqueTopic } from './support/names';
import { readMetric, waitForMetric } from './support/metrics';
import { RawClient } from './support/raw-client';

/** A persistent session subscribed to `topic`, then taken offline with a clean DISCONNECT. */
async function offlineSubscriber(
  broker: BrokerHandle,
  topic: string,
  qos: QoS = 2,
): Promise<string> {
  const clientId = uniqueId('off');
  const sub = await connectClient(broker.port, { clientId, clean: false });
  expect(await sub.subscribe(topic, qos)).toEqual([qos]);
  await sub.disconnect();
  return clientId;
}

/** Publishes `count` messages `${prefix}0..` at `qos`; returns once the broker has taken them all. */
async function publishMany(
  pub: TestClient,
  topic: string,
  count: number,
  qos: QoS,
  prefix = 'm',
): Promise<void> {
  for (let i = 0; i < count; i++) await pub.publish(topic, `${prefix}${i}`, { qos });
  // QoS 0 has no ack: a QoS 1 round trip on the same connection proves the broker processed them.
  if (qos === 0) await pub.publish(uniqueTopic('barrier'), '', { qos: 1 });
}

describe('persistent sessions (CleanSession=0)', () => {
  const broker = useBroker();

  it('[MQTT-3.1.2-4] subscriptions survive a reconnect', async () => {
    const topic = uniqueTopic();
    const clientId = await offlineSubscriber(broker, topic, 1);
    const back = await connectClient(broker.port, { clientId, clean: false });
    expect(back.connack.sessionPresent).toBe(true);
    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'still subscribed', { qos: 1 });
    expect(await back.messages.next()).toMatchObject({ text: 'still subscribed', qos: 1 });
  });

  it('[MQTT-3.1.2-4] [MQTT-3.10.4-1] an UNSUBSCRIBE is part of the session: it holds across a reconnect', async () => {
    const topic = uniqueTopic();
    const clientId = uniqueId('uns');
    const sub = await connectClient(broker.port, { clientId, clean: false });
    await sub.subscribe([topic, `${topic}/kept`], 1);
    await sub.mqtt.unsubscribeAsync(topic);
    await sub.disconnect();
    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'while away', { qos: 1 });
    await pub.publish(`${topic}/kept`, 'marker', { qos: 1 });
    const back = await connectClient(broker.port, { clientId, clean: false });
    expect((await back.messages.next()).text).toBe('marker'); // 'while away' would come first
    await pub.publish(topic, 'after', { qos: 1 });
    await back.messages.expectNothing();
  });

  it('[MQTT-3.3.1-9] a retained message published while offline is delivered once on return, as a queued message (RETAIN=0)', async () => {
    const topic = uniqueTopic();
    const clientId = await offlineSubscriber(broker, topic, 1);
    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'kept', { qos: 1, retain: true });
    const back = await connectClient(broker.port, { clientId, clean: false });
    // The session's subscription already existed: no SUBSCRIBE, so no retained copy on top.
    expect(await back.messages.next()).toMatchObject({ text: 'kept', retain: false });
    await back.messages.expectNothing();
  });

  it('[MQTT-3.1.2-5] QoS 1 and 2 messages published while offline are delivered in order on return', async () => {
    const topic = uniqueTopic();
    const clientId = await offlineSubscriber(broker, topic);
    const pub = await connectClient(broker.port);
    for (let i = 0; i < 10; i++) await pub.publish(topic, `m${i}`, { qos: i % 2 === 0 ? 1 : 2 });
    // Wire order is checked on a raw socket: MQTT.js emits a QoS 2 message only at PUBREL.
    const { client: back } = await RawClient.connected(broker.port, { clientId, clean: false });
    const got = [];
    for (let i = 0; i < 10; i++) got.push(await back.expect('publish'));
    expect(got.map((p) => [String(p.payload), p.qos])).toEqual(
      Array.from({ length: 10 }, (_, i) => [`m${i}`, (i % 2) + 1]),
    );
  });

  it('[MQTT-3.1.2-5] QoS 0 messages are not queued for an offline session by default', async () => {
    const topic = uniqueTopic();
    const clientId = await offlineSubscriber(broker, topic);
    const pub = await connectClient(broker.port);
    await publishMany(pub, topic, 3, 0, 'q0-');
    await pub.publish(topic, 'q1', { qos: 1 });
    const back = await connectClient(broker.port, { clientId, clean: false });
    expect((await back.messages.next()).text).toBe('q1'); // the QoS 0 ones would have come first
    await back.messages.expectNothing();
  });

  it('[MQTT-3.1.2-6] CleanSession=1 discards the stored session at connect: no queued messages, no subscriptions', async () => {
    const topic = uniqueTopic();
    const clientId = await offlineSubscriber(broker, topic);
    const pub = await connectClient(broker.port);
    await publishMany(pub, topic, 3, 1);
    const clean = await connectClient(broker.port, { clientId, clean: true });
    expect(clean.connack.sessionPresent).toBe(false);
    await pub.publish(topic, 'after', { qos: 1 });
    await clean.messages.expectNothing();
  });

  it('[MQTT-3.1.2-6] a clean session ends with its connection: nothing of it is resumed', async () => {
    const topic = uniqueTopic();
    const clientId = uniqueId('cln');
    const clean = await connectClient(broker.port, { clientId, clean: true });
    await clean.subscribe(topic, 1);
    await clean.disconnect();
    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'while away', { qos: 1 });
    const back = await connectClient(broker.port, { clientId, clean: false });
    expect(back.connack.sessionPresent).toBe(false);
    await pub.publish(topic, 'after', { qos: 1 });
    await back.messages.expectNothing();
  });
});

describe('redelivery of unacknowledged messages', () => {
  const broker = useBroker();

  it('[MQTT-4.4.0-1] [MQTT-3.3.1-1] unacked QoS 1/2 PUBLISHes are re-sent with DUP=1 in the original order, and PUBREL for a PUBREC-ed one', async () => {
    const topic = uniqueTopic();
    const clientId = uniqueId('redo');
    const first = await RawClient.connected(broker.port, { clientId, clean: false });
    const sub = first.client;
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 2 }] });
    expect((await sub.expect('suback')).granted).toEqual([2]);

    const pub = await connectClient(broker.port);
    const plan: [string, QoS][] = [
      ['a', 1],
      ['b', 2],
      ['c', 1],
      ['d', 2],
    ];
    for (const [payload, qos] of plan) await pub.publish(topic, payload, { qos });
    const original: IPublishPacket[] = [];
    for (const _ of plan) original.push(await sub.expect('publish'));
    expect(original.map((p) => [String(p.payload), p.qos, p.dup])).toEqual(
      plan.map(([payload, qos]) => [payload, qos, false]),
    );
    // 'd' is PUBREC-ed (so the broker answers PUBREL) but never PUBCOMP-ed; nothing else is acked.
    const d = original[3]!;
    sub.send({ cmd: 'pubrec', messageId: d.messageId! });
    expect((await sub.expect('pubrel')).messageId).toBe(d.messageId);
    sub.destroy();
    await sub.closed;

    const second = await RawClient.connected(broker.port, { clientId, clean: false });
    expect(second.connack.sessionPresent).toBe(true);
    const again = second.client;
    for (const p of original.slice(0, 3)) {
      const re = await again.expect('publish');
      expect(re).toMatchObject({ dup: true, qos: p.qos, topic, messageId: p.messageId });
      expect(String(re.payload)).toBe(String(p.payload));
    }
    expect((await again.expect('pubrel')).messageId).toBe(d.messageId);
    await again.packets.expectNothing();
    // Completing the flows now leaves nothing to re-send on the next reconnect.
    again.send({ cmd: 'puback', messageId: original[0]!.messageId! });
    again.send({ cmd: 'pubrec', messageId: original[1]!.messageId! });
    expect((await again.expect('pubrel')).messageId).toBe(original[1]!.messageId);
    again.send({ cmd: 'pubcomp', messageId: original[1]!.messageId! });
    again.send({ cmd: 'puback', messageId: original[2]!.messageId! });
    again.send({ cmd: 'pubcomp', messageId: d.messageId! });
    again.send({ cmd: 'disconnect' });
    await again.closed;
    const third = await RawClient.connected(broker.port, { clientId, clean: false });
    await third.client.packets.expectNothing();
  });
});

describe('resume with messages both in flight and queued (MQTT_MAX_INFLIGHT=2)', () => {
  const broker = useBroker({ MQTT_MAX_INFLIGHT: '2' });

  it('[MQTT-4.4.0-1] [MQTT-4.6.0-6] the in-flight ones are re-sent first (DUP=1), then the queued ones (DUP=0), in publish order', async () => {
    const topic = uniqueTopic();
    const clientId = uniqueId('mix');
    const first = await RawClient.connected(broker.port, { clientId, clean: false });
    first.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 1 }] });
    await first.client.expect('suback');
    const pub = await connectClient(broker.port);
    await publishMany(pub, topic, 5, 1);
    const inflight = [await first.client.expect('publish'), await first.client.expect('publish')];
    expect(inflight.map((p) => String(p.payload))).toEqual(['m0', 'm1']);
    first.client.destroy();
    await first.client.closed;

    const { client } = await RawClient.connected(broker.port, { clientId, clean: false });
    const got: [string, boolean][] = [];
    for (let i = 0; i < 5; i++) {
      const p = await client.expect('publish');
      got.push([String(p.payload), p.dup]);
      client.send({ cmd: 'puback', messageId: p.messageId! });
    }
    expect(got).toEqual([
      ['m0', true],
      ['m1', true],
      ['m2', false],
      ['m3', false],
      ['m4', false],
    ]);
  });
});

describe('inbound QoS 2 state across a reconnect', () => {
  const broker = useBroker();

  it('[MQTT-4.3.3-2] [MQTT 4.1 session state] a QoS 2 PUBLISH received before the drop is not delivered again when re-sent after the reconnect', async () => {
    const topic = uniqueTopic();
    const clientId = uniqueId('q2in');
    const watcher = await connectClient(broker.port);
    await watcher.subscribe(topic, 2);
    const publish = {
      cmd: 'publish',
      topic,
      payload: 'once',
      qos: 2,
      messageId: 5,
      retain: false,
    } as const;

    const first = await RawClient.connected(broker.port, { clientId, clean: false });
    first.client.send({ ...publish, dup: false });
    await first.client.expect('pubrec');
    first.client.destroy(); // our PUBREL never went out
    await first.client.closed;

    const { client } = await RawClient.connected(broker.port, { clientId, clean: false });
    client.send({ ...publish, dup: true }); // the client re-sends, not knowing PUBREC arrived
    expect((await client.expect('pubrec')).messageId).toBe(5);
    client.send({ cmd: 'pubrel', messageId: 5 });
    expect((await client.expect('pubcomp')).messageId).toBe(5);
    expect((await watcher.messages.next()).text).toBe('once');
    await watcher.messages.expectNothing();
  });
});

describe('takeover of a persistent session', () => {
  const broker = useBroker();

  it('[MQTT-3.1.4-2] [MQTT-4.4.0-1] the new connection resumes the session: session present 1, unacked messages re-sent', async () => {
    const topic = uniqueTopic();
    const clientId = uniqueId('tko');
    const { client: old } = await RawClient.connected(broker.port, { clientId, clean: false });
    old.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 1 }] });
    await old.expect('suback');
    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'unacked', { qos: 1 });
    const first = await old.expect('publish');

    const { client: taker, connack } = await RawClient.connected(broker.port, {
      clientId,
      clean: false,
    });
    await old.expectClosed();
    expect(connack.sessionPresent).toBe(true);
    const again = await taker.expect('publish');
    expect(again).toMatchObject({ dup: true, messageId: first.messageId, topic });
    expect(String(again.payload)).toBe('unacked');
  });
});

describe('offline QoS 0 (MQTT_QUEUE_QOS0_OFFLINE=true)', () => {
  const broker = useBroker({ MQTT_QUEUE_QOS0_OFFLINE: 'true' });

  it('[MQTT-3.1.2-5 "MAY"] QoS 0 messages are queued for an offline session, in order with the others', async () => {
    const topic = uniqueTopic();
    const clientId = await offlineSubscriber(broker, topic);
    const pub = await connectClient(broker.port);
    await publishMany(pub, topic, 3, 0, 'q0-');
    await pub.publish(topic, 'q1', { qos: 1 });
    const back = await connectClient(broker.port, { clientId, clean: false });
    const got = await back.messages.take(4);
    expect(got.map((m) => [m.text, m.qos])).toEqual([
      ['q0-0', 0],
      ['q0-1', 0],
      ['q0-2', 0],
      ['q1', 1],
    ]);
  });
});

describe.each([
  ['drop-new', ['m0', 'm1', 'm2', 'm3', 'm4']],
  ['drop-oldest', ['m3', 'm4', 'm5', 'm6', 'm7']],
])('offline queue bound (MQTT_MAX_QUEUED=5, %s)', (policy, expected) => {
  const broker = useBroker({ MQTT_MAX_QUEUED: '5', MQTT_QUEUE_DROP_POLICY: policy });

  it(`[MQTT 4.1 bounded session state] 8 messages for an offline session: ${expected.join(',')} arrive`, async () => {
    const topic = uniqueTopic();
    const clientId = await offlineSubscriber(broker, topic, 1);
    const pub = await connectClient(broker.port);
    await publishMany(pub, topic, 8, 1);
    const back = await connectClient(broker.port, { clientId, clean: false });
    expect((await back.messages.take(5)).map((m) => m.text)).toEqual(expected);
    await back.messages.expectNothing();
    // Dropped messages are visible to the operator.
    expect(await readMetric(broker.httpPort, 'mithqtt_messages_dropped_total')).toBe(3);
  });
});

// Cluster mode: the drop happens on the subscriber's node, after a NATS hop, and the metric
// read here is the first node's: a single-node test.
describe.skipIf(CLUSTER_MODE).each([
  ['drop-new', ['m0', 'm1', 'm2', 'm3', 'm4', 'm5']],
  ['drop-oldest', ['m0', 'm5', 'm6', 'm7', 'm8', 'm9']],
])(
  'queue bound while online, flow control off (MQTT_MAX_INFLIGHT=1, MQTT_MAX_QUEUED=5, %s)',
  (policy, expected) => {
    // With publisher flow control (the default) the publisher would be paused instead and
    // nothing dropped: 14-flow-control.spec.ts. This is the bound for deployments without it.
    const broker = useBroker({
      MQTT_MAX_INFLIGHT: '1',
      MQTT_MAX_QUEUED: '5',
      MQTT_QUEUE_DROP_POLICY: policy,
      MQTT_PUBLISHER_FLOW_CONTROL: 'false',
    });

    it(`[MQTT 4.1 bounded session state] a subscriber that does not ack gets 1 in flight + 5 queued (${expected.join(',')}); the rest is dropped and counted`, async () => {
      const topic = uniqueTopic();
      const { client: sub } = await RawClient.connected(broker.port);
      sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 1 }] });
      await sub.expect('suback');
      const pub = await connectClient(broker.port);
      await publishMany(pub, topic, 10, 1);
      const received: string[] = [];
      for (let i = 0; i < 6; i++) {
        const p = await sub.expect('publish');
        received.push(String(p.payload));
        sub.send({ cmd: 'puback', messageId: p.messageId! });
      }
      // The one in flight is never the one dropped.
      expect(received).toEqual(expected);
      await sub.packets.expectNothing();
      expect(await readMetric(broker.httpPort, 'mithqtt_messages_dropped_total')).toBe(4);
    });
  },
);

describe('session expiry (MQTT_SESSION_EXPIRY_SECONDS=1)', () => {
  const broker = useBroker({ MQTT_SESSION_EXPIRY_SECONDS: '1' });

  it('[MQTT 3.1.2.4 "the Server MAY discard"] an offline persistent session is discarded once it expires', async () => {
    const topic = uniqueTopic();
    const clientId = await offlineSubscriber(broker, topic, 1);
    // No protocol event marks the expiry: the operator's counter does.
    await waitForMetric(broker.httpPort, 'mithqtt_sessions_expired_total', (n) => n >= 1, 4000);
    const back = await connectClient(broker.port, { clientId, clean: false });
    expect(back.connack.sessionPresent).toBe(false);
    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'to an expired subscription', { qos: 1 });
    await back.messages.expectNothing();
  });
});
