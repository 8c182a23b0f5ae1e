import { generate, type QoS } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { useBroker } from './support/broker';
import { connectClient } from './support/mqtt-client';
import { uniqueTopic } from './support/names';
import { RawClient } from './support/raw-client';

const QOS_LEVELS: QoS[] = [0, 1, 2];

describe('QoS flows', () => {
  const broker = useBroker();

  it.each(QOS_LEVELS)(
    '[MQTT-4.3] QoS %i end to end: acknowledged to the publisher, delivered at the same QoS',
    async (qos) => {
      const topic = uniqueTopic();
      const sub = await connectClient(broker.port);
      expect(await sub.subscribe(topic, 2)).toEqual([2]);
      const pub = await connectClient(broker.port);
      await pub.publish(topic, `at ${qos}`, { qos }); // QoS 1/2: resolves on PUBACK / PUBCOMP
      const got = await sub.messages.next();
      expect(got).toMatchObject({ topic, text: `at ${qos}`, qos, retain: false, dup: false });
    },
  );

  it('[MQTT-4.3.2-2] an inbound QoS 1 PUBLISH is answered with PUBACK carrying its packet id', async () => {
    const { client } = await RawClient.connected(broker.port);
    client.send({
      cmd: 'publish',
      topic: uniqueTopic(),
      payload: 'q1',
      qos: 1,
      messageId: 4321,
      dup: false,
      retain: false,
    });
    expect((await client.expect('puback')).messageId).toBe(4321);
  });

  it('[MQTT-4.3.3-2] an inbound QoS 2 PUBLISH gets PUBREC, and PUBREL gets PUBCOMP, with its packet id', async () => {
    const { client } = await RawClient.connected(broker.port);
    client.send({
      cmd: 'publish',
      topic: uniqueTopic(),
      payload: 'q2',
      qos: 2,
      messageId: 999,
      dup: false,
      retain: false,
    });
    expect((await client.expect('pubrec')).messageId).toBe(999);
    client.send({ cmd: 'pubrel', messageId: 999 });
    expect((await client.expect('pubcomp')).messageId).toBe(999);
  });

  it('[MQTT-4.3.2-1] an outbound QoS 1 PUBLISH has a packet id and DUP=0; PUBACK completes it', async () => {
    const topic = uniqueTopic();
    const { client: sub } = await RawClient.connected(broker.port);
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 1 }] });
    expect((await sub.expect('suback')).granted).toEqual([1]);
    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'one', { qos: 1 });
    await pub.publish(topic, 'two', { qos: 1 });
    const first = await sub.expect('publish');
    expect(first).toMatchObject({ qos: 1, dup: false, topic });
    expect(first.messageId).toBeGreaterThan(0);
    sub.send({ cmd: 'puback', messageId: first.messageId! });
    const second = await sub.expect('publish');
    expect(String(second.payload)).toBe('two');
    expect(second.messageId).not.toBe(undefined);
  });

  it('[MQTT-4.3.3-1] an outbound QoS 2 PUBLISH: PUBREC is answered with PUBREL of the same id', async () => {
    const topic = uniqueTopic();
    const { client: sub } = await RawClient.connected(broker.port);
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 2 }] });
    await sub.expect('suback');
    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'exactly once', { qos: 2 });
    const publish = await sub.expect('publish');
    expect(publish).toMatchObject({ qos: 2, dup: false });
    sub.send({ cmd: 'pubrec', messageId: publish.messageId! });
    expect((await sub.expect('pubrel')).messageId).toBe(publish.messageId);
    sub.send({ cmd: 'pubcomp', messageId: publish.messageId! });
    await sub.packets.expectNothing(); // no re-send of a completed flow
    expect(sub.decodeErrors).toEqual([]);
  });

  it.each(QOS_LEVELS)(
    '[MQTT-3.8.4-6] a subscription granted QoS %i receives min(publish QoS, granted QoS)',
    async (granted) => {
      const topic = uniqueTopic();
      const sub = await connectClient(broker.port);
      expect(await sub.subscribe(topic, granted)).toEqual([granted]);
      const pub = await connectClient(broker.port);
      for (const qos of QOS_LEVELS) await pub.publish(topic, String(qos), { qos });
      const got = await sub.messages.take(3);
      const byPublishQos = Object.fromEntries(got.map((m) => [m.text, m.qos]));
      expect(byPublishQos).toEqual({
        '0': 0,
        '1': Math.min(1, granted),
        '2': Math.min(2, granted),
      });
    },
  );

  it('[MQTT-4.3.3-2] a QoS 2 PUBLISH re-sent with DUP before PUBREL is delivered once', async () => {
    const topic = uniqueTopic();
    const sub = await connectClient(broker.port);
    await sub.subscribe(topic, 2);
    const { client: pub } = await RawClient.connected(broker.port);
    const publish = {
      cmd: 'publish',
      topic,
      payload: 'once',
      qos: 2,
      messageId: 7,
      retain: false,
    } as const;
    pub.send({ ...publish, dup: false });
    expect((await pub.expect('pubrec')).messageId).toBe(7);
    pub.send({ ...publish, dup: true }); // as if our PUBREC had been lost
    expect((await pub.expect('pubrec')).messageId).toBe(7);
    expect((await sub.messages.next()).text).toBe('once');
    await sub.messages.expectNothing();
    pub.send({ cmd: 'pubrel', messageId: 7 });
    expect((await pub.expect('pubcomp')).messageId).toBe(7);
    // Released: the id now names a new message [MQTT-4.3.3-2 "new publication"].
    pub.send({ ...publish, payload: 'again', dup: false });
    await pub.expect('pubrec');
    expect((await sub.messages.next()).text).toBe('again');
  });

  it('[MQTT-4.3.3-2] duplicates are recognised by packet id, not DUP: a re-send with DUP=0 is delivered once; a repeated PUBREL gets PUBCOMP again', async () => {
    const topic = uniqueTopic();
    const sub = await connectClient(broker.port);
    await sub.subscribe(topic, 2);
    const { client: pub } = await RawClient.connected(broker.port);
    const publish = {
      cmd: 'publish',
      topic,
      payload: 'once',
      qos: 2,
      messageId: 8,
      retain: false,
      dup: false,
    } as const;
    pub.send(publish);
    await pub.expect('pubrec');
    pub.send(publish);
    expect((await pub.expect('pubrec')).messageId).toBe(8);
    pub.send({ cmd: 'pubrel', messageId: 8 });
    expect((await pub.expect('pubcomp')).messageId).toBe(8);
    pub.send({ cmd: 'pubrel', messageId: 8 }); // as if our PUBCOMP had been lost
    expect((await pub.expect('pubcomp')).messageId).toBe(8);
    expect((await sub.messages.next()).text).toBe('once');
    await sub.messages.expectNothing();
  });

  it('[MQTT-4.3.3-1] an outbound QoS 2 flow: a repeated PUBREC is answered with PUBREL again', async () => {
    const topic = uniqueTopic();
    const { client: sub } = await RawClient.connected(broker.port);
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 2 }] });
    await sub.expect('suback');
    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'twice acked', { qos: 2 });
    const { messageId } = await sub.expect('publish');
    sub.send({ cmd: 'pubrec', messageId: messageId! });
    expect((await sub.expect('pubrel')).messageId).toBe(messageId);
    sub.send({ cmd: 'pubrec', messageId: messageId! }); // as if our PUBREL had been lost
    expect((await sub.expect('pubrel')).messageId).toBe(messageId);
    sub.send({ cmd: 'pubcomp', messageId: messageId! });
    await sub.packets.expectNothing();
  });

  it('[MQTT-4.3.2-2] after PUBACK, a PUBLISH with the same packet id is a new publication', async () => {
    const topic = uniqueTopic();
    const sub = await connectClient(broker.port);
    await sub.subscribe(topic, 1);
    const { client: pub } = await RawClient.connected(broker.port);
    const publish = { cmd: 'publish', topic, qos: 1, messageId: 11, retain: false } as const;
    pub.send({ ...publish, payload: 'first', dup: false });
    await pub.expect('puback');
    pub.send({ ...publish, payload: 'second', dup: true });
    await pub.expect('puback');
    expect((await sub.messages.take(2)).map((m) => m.text)).toEqual(['first', 'second']);
  });
});

describe('acknowledgements the broker did not ask for', () => {
  const broker = useBroker();

  it('[MQTT 4.3] a PUBACK, PUBREC or PUBCOMP for an unknown packet id is ignored: the connection stays', async () => {
    const { client } = await RawClient.connected(broker.port);
    client.send({ cmd: 'puback', messageId: 901 });
    client.send({ cmd: 'pubrec', messageId: 902 });
    client.send({ cmd: 'pubcomp', messageId: 903 });
    client.send({ cmd: 'pingreq' });
    await client.expect('pingresp'); // processed in order: the acks before it were ignored
    await client.expectOpen();
    expect(client.packets.pending).toEqual([]);
  });

  it('[MQTT-4.3.3-2] a PUBREL for an unknown packet id is still answered with PUBCOMP', async () => {
    // The receiver may have completed the flow already and forgotten it (a lost PUBCOMP).
    const { client } = await RawClient.connected(broker.port);
    client.send({ cmd: 'pubrel', messageId: 4242 });
    expect((await client.expect('pubcomp')).messageId).toBe(4242);
  });
});

describe('packet id wraparound (MQTT_MAX_INFLIGHT=1000)', () => {
  const broker = useBroker({ MQTT_MAX_INFLIGHT: '1000', MQTT_MAX_QUEUED: '100000' });

  it('[MQTT-2.3.1-1] [MQTT-2.3.1-4] past 65,535 deliveries ids wrap within 1..65535 and skip one still in flight', async () => {
    const topic = uniqueTopic();
    const count = 66_000;
    const { client: sub } = await RawClient.connected(broker.port);
    sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 1 }] });
    await sub.expect('suback');
    // One write of 66,000 QoS 1 PUBLISHes (the publisher's own ids wrap too).
    const { client: pub } = await RawClient.connected(broker.port);
    pub.sendBytes(
      Buffer.concat(
        Array.from({ length: count }, (_, i) =>
          generate({
            cmd: 'publish',
            topic,
            payload: String(i),
            qos: 1,
            messageId: (i % 65535) + 1,
            dup: false,
            retain: false,
          }),
        ),
      ),
    );

    // The first delivery is never acknowledged: its id must stay out of use all along.
    const held = await sub.expect('publish');
    expect(String(held.payload)).toBe('0');
    const inFlight = new Set([held.messageId]);
    const problems: string[] = [];
    let expected = 1;
    while (expected < count) {
      const batch = [await sub.packets.next(10_000), ...sub.packets.drain()];
      const acks: Buffer[] = [];
      for (const p of batch) {
        if (p.cmd !== 'publish') {
          problems.push(`unexpected ${p.cmd}`);
          continue;
        }
        const id = p.messageId ?? 0;
        if (String(p.payload) !== String(expected)) problems.push(`#${expected}: ${p.payload}`);
        if (id < 1 || id > 65535) problems.push(`#${expected}: id ${id}`);
        if (inFlight.has(id)) problems.push(`#${expected}: id ${id} still in flight`);
        inFlight.add(id);
        acks.push(generate({ cmd: 'puback', messageId: id }));
        expected++;
      }
      // Acknowledged together, as a client reading a full socket buffer would.
      for (const p of batch) if (p.cmd === 'publish') inFlight.delete(p.messageId);
      sub.sendBytes(Buffer.concat(acks));
      expect(problems.slice(0, 5)).toEqual([]);
    }
    expect(sub.decodeErrors).toEqual([]);
  }, 60_000);
});

describe('in-flight window (MQTT_MAX_INFLIGHT=2)', () => {
  const broker = useBroker({ MQTT_MAX_INFLIGHT: '2' });

  async function subscriber(topic: string, qos: QoS): Promise<RawClient> {
    const { client } = await RawClient.connected(broker.port);
    client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos }] });
    expect((await client.expect('suback')).granted).toEqual([qos]);
    return client;
  }

  it('[MQTT-2.3.1-4] QoS 1: at most 2 unacknowledged, each PUBACK frees one slot, ids never reused while in flight', async () => {
    const topic = uniqueTopic();
    const sub = await subscriber(topic, 1);
    const pub = await connectClient(broker.port);
    for (let i = 0; i < 6; i++) await pub.publish(topic, `m${i}`, { qos: 1 });

    const inflight = new Map<number, string>();
    const received: string[] = [];
    const receive = async (): Promise<void> => {
      const p = await sub.expect('publish');
      expect(inflight.has(p.messageId!), `id ${p.messageId} reused while in flight`).toBe(false);
      inflight.set(p.messageId!, String(p.payload));
      received.push(String(p.payload));
    };
    await receive();
    await receive();
    await sub.packets.expectNothing(); // the window is full: the rest wait in the queue
    while (received.length < 6) {
      const [oldest] = inflight.keys();
      sub.send({ cmd: 'puback', messageId: oldest! });
      inflight.delete(oldest!);
      await receive();
      expect(inflight.size).toBe(2);
    }
    expect(received).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('[MQTT-2.3.1-4] QoS 2: a slot is held until PUBCOMP, not freed by PUBREC', async () => {
    const topic = uniqueTopic();
    const sub = await subscriber(topic, 2);
    const pub = await connectClient(broker.port);
    for (let i = 0; i < 3; i++) await pub.publish(topic, `m${i}`, { qos: 2 });
    const a = await sub.expect('publish');
    const b = await sub.expect('publish');
    expect(a.messageId).not.toBe(b.messageId);
    sub.send({ cmd: 'pubrec', messageId: a.messageId! });
    expect((await sub.expect('pubrel')).messageId).toBe(a.messageId);
    await sub.packets.expectNothing();
    sub.send({ cmd: 'pubcomp', messageId: a.messageId! });
    const c = await sub.expect('publish');
    expect(String(c.payload)).toBe('m2');
    expect(c.messageId).not.toBe(b.messageId);
  });
});
