import type { QoS } from 'mqtt-packet';
import { expect, it } from 'vitest';
import { useBroker } from './support/broker';
import { connectClient } from './support/mqtt-client';
import { uniqueLevel, uniqueTopic } from './support/names';
import { RawClient } from './support/raw-client';

const broker = useBroker();

async function retain(topic: string, payload: string, qos: QoS = 1): Promise<void> {
  const pub = await connectClient(broker.port);
  await pub.publish(topic, payload, { qos, retain: true });
  if (qos === 0) await pub.publish(uniqueTopic('barrier'), '', { qos: 1 }); // processed in order
  await pub.disconnect();
}

it('[MQTT-3.3.1-6] [MQTT-3.3.1-8] a new subscriber gets the retained message with RETAIN=1', async () => {
  const topic = uniqueTopic();
  await retain(topic, 'kept');
  const sub = await connectClient(broker.port);
  await sub.subscribe(topic, 1);
  expect(await sub.messages.next()).toMatchObject({ topic, text: 'kept', retain: true });
});

it('[MQTT-3.3.1-5] a new retained message replaces the previous one: one per topic', async () => {
  const topic = uniqueTopic();
  await retain(topic, 'first');
  await retain(topic, 'second');
  const sub = await connectClient(broker.port);
  await sub.subscribe(topic, 1);
  expect((await sub.messages.next()).text).toBe('second');
  await sub.messages.expectNothing();
});

it('[MQTT-3.3.1-10] [MQTT-3.3.1-11] an empty retained payload deletes the retained message', async () => {
  const topic = uniqueTopic();
  await retain(topic, 'doomed');
  await retain(topic, '');
  const sub = await connectClient(broker.port);
  await sub.subscribe(topic, 1);
  await sub.messages.expectNothing();
});

it('[MQTT-3.3.1-12] an empty retained payload is still forwarded to current subscribers', async () => {
  const topic = uniqueTopic();
  const sub = await connectClient(broker.port);
  await sub.subscribe(topic, 1);
  await retain(topic, '');
  expect(await sub.messages.next()).toMatchObject({ topic, text: '', retain: false });
});

it('[MQTT-3.3.1-6] retained messages are sent for every topic a wildcard filter matches', async () => {
  const base = uniqueTopic();
  await retain(`${base}/a`, 'A');
  await retain(`${base}/b/c`, 'BC');
  await retain(`${base}`, 'parent');

  const plus = await connectClient(broker.port);
  await plus.subscribe(`${base}/+`, 1);
  expect(await plus.messages.next()).toMatchObject({ topic: `${base}/a`, retain: true });
  await plus.messages.expectNothing();

  const hash = await connectClient(broker.port);
  await hash.subscribe(`${base}/#`, 1);
  const got = await hash.messages.take(3);
  expect(got.map((m) => m.topic).sort()).toEqual([base, `${base}/a`, `${base}/b/c`].sort());
  expect(got.every((m) => m.retain)).toBe(true);
  await hash.messages.expectNothing();
});

it('[MQTT-3.8.4-3] re-sending the same subscription sends the retained messages again', async () => {
  const topic = uniqueTopic();
  await retain(topic, 'again and again');
  const sub = await connectClient(broker.port);
  await sub.subscribe(topic, 1);
  expect(await sub.messages.next()).toMatchObject({ text: 'again and again', retain: true });
  await sub.subscribe(topic, 1);
  expect(await sub.messages.next()).toMatchObject({ text: 'again and again', retain: true });
  await sub.messages.expectNothing();
});

it('[MQTT-3.3.1-9] a retained message forwarded to an existing subscription has RETAIN=0', async () => {
  const topic = uniqueTopic();
  const sub = await connectClient(broker.port);
  await sub.subscribe(topic, 1);
  await retain(topic, 'live');
  expect(await sub.messages.next()).toMatchObject({ text: 'live', retain: false });
  // ... and it was stored all the same:
  const late = await connectClient(broker.port);
  await late.subscribe(topic, 1);
  expect(await late.messages.next()).toMatchObject({ text: 'live', retain: true });
});

it.each([
  [1, 0, 0],
  [1, 2, 1],
  [2, 1, 1],
  [0, 2, 0],
] as [QoS, QoS, QoS][])(
  '[MQTT-3.8.4-6] retained at QoS %i, subscribed at QoS %i: delivered at QoS %i',
  async (publishQos, subscribeQos, expected) => {
    const topic = uniqueTopic();
    await retain(topic, 'q', publishQos);
    // Raw subscriber: the wire QoS of a retained delivery, without a client library in between.
    const { client } = await RawClient.connected(broker.port);
    client.send({ cmd: 'subscribe', messageId: 3, subscriptions: [{ topic, qos: subscribeQos }] });
    expect((await client.expect('suback')).granted).toEqual([subscribeQos]);
    const p = await client.expect('publish');
    expect(p).toMatchObject({ topic, qos: expected, retain: true });
  },
);

it('[MQTT-4.7.2-1] a retained "$SYS/..." message is not sent for "#" or "+/..." subscriptions, only for "$SYS/..." ones', async () => {
  const id = uniqueLevel();
  const sysTopic = `$SYS/${id}/x`;
  await retain(sysTopic, 'sys');
  await retain(`ctl/${id}/x`, 'ctl');

  const plus = await connectClient(broker.port);
  await plus.subscribe(`+/${id}/x`, 1);
  expect((await plus.messages.next()).topic).toBe(`ctl/${id}/x`);

  const everything = await connectClient(broker.port);
  await everything.subscribe('#', 1);
  await everything.messages.find((m) => m.topic === `ctl/${id}/x`);

  const sys = await connectClient(broker.port);
  await sys.subscribe('$SYS/#', 1);
  expect(await sys.messages.find((m) => m.topic === sysTopic)).toMatchObject({ retain: true });

  await plus.messages.expectNothing();
  expect(everything.messages.all.filter((m) => m.topic.startsWith('$'))).toEqual([]);
});
