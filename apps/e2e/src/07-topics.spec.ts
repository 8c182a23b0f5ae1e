import { describe, expect, it } from 'vitest';
import { CLUSTER_MODE, useBroker } from './support/broker';
import { field, frame } from './support/bytes';
import { connectClient } from './support/mqtt-client';
import { uniqueLevel, uniqueTopic } from './support/names';
import { RawClient } from './support/raw-client';

const broker = useBroker();

/**
 * Subscribes `filter`, publishes to every topic in `topics` (QoS 1, in order) and then an 'end'
 * marker to `endTopic` (which the filter must match), and returns the topics the subscriber
 * received before the marker.
 */
async function matched(filter: string, topics: string[], endTopic: string): Promise<string[]> {
  const sub = await connectClient(broker.port);
  await sub.subscribe(filter, 1);
  const pub = await connectClient(broker.port);
  for (const topic of topics) await pub.publish(topic, topic, { qos: 1 });
  await pub.publish(endTopic, 'end', { qos: 1 });
  const got: string[] = [];
  for (let m = await sub.messages.next(); m.text !== 'end'; m = await sub.messages.next()) {
    got.push(m.topic);
  }
  return got;
}

describe('wildcards', () => {
  it('[MQTT-4.7.1-3] "+" matches exactly one level, an empty one included', async () => {
    const base = uniqueTopic();
    const got = await matched(
      `${base}/+/p`,
      [`${base}/x/p`, `${base}/x/y/p`, `${base}/p`, `${base}//p`, `${base}/x/p/q`],
      `${base}/end/p`,
    );
    expect(got).toEqual([`${base}/x/p`, `${base}//p`]);
  });

  it('[MQTT-4.7.1-2] "#" matches the parent level and any number of levels below', async () => {
    const base = uniqueTopic();
    const got = await matched(
      `${base}/#`,
      [base, `${base}/a`, `${base}/a/b/c`, `${base}/`, `${base}x`, `${base}x/a`],
      `${base}/end`,
    );
    expect(got).toEqual([base, `${base}/a`, `${base}/a/b/c`, `${base}/`]);
  });

  it('[MQTT-4.7.1-1] [MQTT 4.7.3] empty levels are levels: "a//b" and a leading "/"', async () => {
    const id = uniqueLevel();
    expect(await matched(`${id}/+/b`, [`${id}//b`, `${id}/b`, `${id}/x/b`], `${id}/e/b`)).toEqual([
      `${id}//b`,
      `${id}/x/b`,
    ]);
    expect(await matched(`${id}//b`, [`${id}//b`, `${id}/b`, `${id}/x/b`], `${id}//b`)).toEqual([
      `${id}//b`,
    ]);
    expect(await matched(`+/${id}`, [`/${id}`, `${id}`, `x/${id}`], `e/${id}`)).toEqual([
      `/${id}`,
      `x/${id}`,
    ]);
    expect(await matched(`/${id}/#`, [`/${id}`, `${id}`, `/${id}/a`], `/${id}/e`)).toEqual([
      `/${id}`,
      `/${id}/a`,
    ]);
  });

  it('[MQTT-4.7.2-1] "#" and "+/..." do not match topics starting with "$"; "$SYS/#" does', async () => {
    const id = uniqueLevel();
    const sysTopic = `$SYS/${id}/x`;
    const everything = await connectClient(broker.port);
    await everything.subscribe('#', 1);
    const plus = await connectClient(broker.port);
    await plus.subscribe(`+/${id}/x`, 1);
    const sys = await connectClient(broker.port);
    await sys.subscribe('$SYS/#', 1);

    const pub = await connectClient(broker.port);
    await pub.publish(sysTopic, 'sys', { qos: 1 });
    await pub.publish(`ctl/${id}/x`, 'ctl', { qos: 1 });

    expect((await sys.messages.next()).topic).toBe(sysTopic);
    expect((await plus.messages.next()).topic).toBe(`ctl/${id}/x`);
    await everything.messages.find((m) => m.topic === `ctl/${id}/x`);
    expect(everything.messages.all.filter((m) => m.topic.startsWith('$'))).toEqual([]);
    expect(plus.messages.all.filter((m) => m.topic.startsWith('$'))).toEqual([]);
  });
});

describe('topic names as UTF-8 strings', () => {
  it('[MQTT-4.7.3-4] matching is exact: case-sensitive, spaces kept, no Unicode normalization', async () => {
    const base = uniqueTopic();
    const nfc = `${base}/caf\u00e9 au lait/\u{1F600}`;
    const nfd = `${base}/cafe\u0301 au lait/\u{1F600}`;
    expect(nfc.normalize('NFC')).toBe(nfd.normalize('NFC')); // the same text to a human
    const got = await matched(
      nfc,
      [nfd, `${base}/CAF\u00c9 au lait/\u{1F600}`, `${base}/caf\u00e9  au lait/\u{1F600}`, nfc],
      nfc,
    );
    expect(got).toEqual([nfc]);
  });

  it('[MQTT-4.7.1-3] "+" matches a level of multi-byte characters', async () => {
    const base = uniqueTopic();
    const topic = `${base}/\u65e5\u672c/\u{1F600}`;
    expect(await matched(`${base}/+/\u{1F600}`, [topic], `${base}/end/\u{1F600}`)).toEqual([topic]);
  });
});

describe('topic and SUBSCRIBE sizes', () => {
  // Cluster mode: beyond a NATS subject's length the topic is routed on its node only (0005).
  it.skipIf(CLUSTER_MODE)(
    '[MQTT-1.5.3] [MQTT-4.7.3-3] a topic of 65,535 bytes (the UTF-8 string maximum) is routed',
    async () => {
      const topic = `${uniqueTopic()}/`.padEnd(65535, 'y');
      const sub = await connectClient(broker.port);
      await sub.subscribe(topic, 1);
      const pub = await connectClient(broker.port);
      await pub.publish(topic, 'long', { qos: 1 });
      const got = await sub.messages.next();
      expect(got.topic).toBe(topic);
    },
  );

  it('[MQTT-3.9.3-1] [MQTT-3.8.4-5] a SUBSCRIBE of 500 filters gets one return code each, in order', async () => {
    const base = uniqueTopic();
    const qosOf = (i: number): 0 | 1 | 2 => (i % 3) as 0 | 1 | 2;
    const { client } = await RawClient.connected(broker.port);
    client.send({
      cmd: 'subscribe',
      messageId: 5,
      subscriptions: Array.from({ length: 500 }, (_, i) => ({
        topic: `${base}/${i}`,
        qos: qosOf(i),
      })),
    });
    const suback = await client.expect('suback');
    expect(suback.granted).toEqual(Array.from({ length: 500 }, (_, i) => qosOf(i)));
    const pub = await connectClient(broker.port);
    await pub.publish(`${base}/499`, 'last one', { qos: 1 });
    expect(await client.expect('publish')).toMatchObject({ topic: `${base}/499`, qos: 1 });
  });
});

describe('invalid topics', () => {
  it('[MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.3-1] [MQTT-3.9.3-2] each invalid filter gets 0x80, the valid ones in the same SUBSCRIBE are granted', async () => {
    const base = uniqueTopic();
    const filters = [`${base}/ok1`, 'a/#/b', 'a+', '', 'a/b#', `${base}/ok2`];
    const { client } = await RawClient.connected(broker.port);
    // Hand-made: encoders refuse an empty filter. Packet id 9, each filter requested at QoS 1.
    client.sendBytes(
      frame(
        0x82,
        Buffer.from([0, 9]),
        ...filters.map((f) => Buffer.concat([field(f), Buffer.from([1])])),
      ),
    );
    const suback = await client.expect('suback');
    expect(suback.messageId).toBe(9);
    expect(suback.granted).toEqual([1, 0x80, 0x80, 0x80, 0x80, 1]);
    // The granted ones work.
    const pub = await connectClient(broker.port);
    await pub.publish(`${base}/ok2`, 'yes', { qos: 1 });
    expect(String((await client.expect('publish')).payload)).toBe('yes');
  });

  it('[design: shared subscriptions not supported yet] a "$share/..." filter gets 0x80, the others are granted', async () => {
    const topic = uniqueTopic();
    const { client } = await RawClient.connected(broker.port);
    client.send({
      cmd: 'subscribe',
      messageId: 3,
      subscriptions: [
        { topic: `$share/group/${topic}`, qos: 1 },
        { topic, qos: 1 },
      ],
    });
    expect((await client.expect('suback')).granted).toEqual([0x80, 1]);
  });

  it.each(['a/+/c', 'a/#'])(
    '[MQTT-3.3.2-2] a PUBLISH to the wildcard topic "%s" closes that connection only',
    async (topic) => {
      const bystander = await connectClient(broker.port);
      const { client } = await RawClient.connected(broker.port);
      client.send({
        cmd: 'publish',
        topic,
        payload: 'x',
        qos: 1,
        messageId: 1,
        dup: false,
        retain: false,
      });
      await client.expectClosed();
      expect(client.packets.pending).toEqual([]); // not acknowledged either
      const t = uniqueTopic();
      await bystander.subscribe(t, 1);
      await bystander.publish(t, 'still here', { qos: 1 });
      expect((await bystander.messages.next()).text).toBe('still here');
    },
  );
});

describe('subscriptions', () => {
  it('[MQTT-3.3.5-1] overlapping subscriptions: one delivery, at the highest granted QoS', async () => {
    const base = uniqueTopic();
    const { client } = await RawClient.connected(broker.port);
    client.send({
      cmd: 'subscribe',
      messageId: 2,
      subscriptions: [
        { topic: `${base}/#`, qos: 0 },
        { topic: `${base}/+`, qos: 2 },
        { topic: `${base}/x`, qos: 1 },
      ],
    });
    expect((await client.expect('suback')).granted).toEqual([0, 2, 1]);
    const pub = await connectClient(broker.port);
    await pub.publish(`${base}/x`, 'once', { qos: 2 });
    const p = await client.expect('publish');
    expect(p).toMatchObject({ topic: `${base}/x`, qos: 2 });
    await client.packets.expectNothing();
  });

  it('[MQTT-3.8.4-3] subscribing again to the same filter replaces its QoS: one delivery at the new QoS', async () => {
    const topic = uniqueTopic();
    const { client } = await RawClient.connected(broker.port);
    client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 0 }] });
    expect((await client.expect('suback')).granted).toEqual([0]);
    client.send({ cmd: 'subscribe', messageId: 2, subscriptions: [{ topic, qos: 2 }] });
    expect((await client.expect('suback')).granted).toEqual([2]);
    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'upgraded', { qos: 2 });
    expect(await client.expect('publish')).toMatchObject({ qos: 2 });
    await client.packets.expectNothing();
  });

  it('[MQTT-3.10.4-4] [MQTT-3.10.4-5] UNSUBSCRIBE of a filter never subscribed still gets UNSUBACK with its packet id', async () => {
    const { client } = await RawClient.connected(broker.port);
    client.send({ cmd: 'unsubscribe', messageId: 77, unsubscriptions: [uniqueTopic('never')] });
    expect((await client.expect('unsuback')).messageId).toBe(77);
  });

  it('[MQTT-3.10.4-1] [MQTT-3.10.4-4] UNSUBSCRIBE stops delivery and is acknowledged', async () => {
    const topic = uniqueTopic();
    const sub = await connectClient(broker.port);
    await sub.subscribe(topic, 1);
    await sub.mqtt.unsubscribeAsync(topic);
    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'nobody listens', { qos: 1 });
    await sub.messages.expectNothing();
  });
});
