import type { IConnectPacket, QoS } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { useBroker } from './support/broker';
import { CLEAN_SESSION, connectBytes, field, WILL_FLAG } from './support/bytes';
import { connectClient, type TestClient } from './support/mqtt-client';
import { uniqueId, uniqueTopic } from './support/names';
import { RawClient } from './support/raw-client';

const broker = useBroker();

interface Scenario {
  readonly topic: string;
  readonly watcher: TestClient;
  readonly client: RawClient;
}

/** A watcher subscribed to the will topic (QoS 2) and a raw client that left a will there. */
async function withWill(
  will: { qos?: QoS; retain?: boolean } = {},
  connect: Partial<IConnectPacket> = {},
): Promise<Scenario> {
  const topic = uniqueTopic('will');
  const watcher = await connectClient(broker.port);
  await watcher.subscribe(topic, 2);
  const { client } = await RawClient.connected(broker.port, {
    will: {
      topic,
      payload: Buffer.from('gone'),
      qos: will.qos ?? 0,
      retain: will.retain ?? false,
    },
    ...connect,
  });
  return { topic, watcher, client };
}

it('[MQTT-3.1.2-8] the will is published when the network connection drops', async () => {
  const { topic, watcher, client } = await withWill();
  client.destroy();
  expect(await watcher.messages.next()).toMatchObject({ topic, text: 'gone' });
});

it('[MQTT-3.1.2-8] the will is published when the client half-closes (TCP FIN) without DISCONNECT', async () => {
  const { topic, watcher, client } = await withWill();
  client.end();
  expect(await watcher.messages.next()).toMatchObject({ topic, text: 'gone' });
  await client.expectClosed(); // the broker closes its side too
});

it('[MQTT-3.1.2-8] [MQTT-3.1.2-24] the will is published when the keepalive expires', async () => {
  const { watcher, client } = await withWill({}, { keepalive: 1 });
  const started = Date.now();
  expect((await watcher.messages.next(4000)).text).toBe('gone');
  expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  await client.expectClosed();
});

it('[MQTT-3.1.2-8] the will is published when the server closes the connection for a malformed packet', async () => {
  const { watcher, client } = await withWill();
  client.sendBytes([0x80, 0x00]); // SUBSCRIBE with fixed-header flags 0000 [MQTT-3.8.1-1]
  await client.expectClosed();
  expect((await watcher.messages.next()).text).toBe('gone');
});

it('[MQTT-3.1.2-8] the will is published when the server closes the connection for a protocol error', async () => {
  const { watcher, client } = await withWill();
  client.send({
    cmd: 'publish',
    topic: 'no/+/wildcards',
    payload: 'x',
    qos: 0,
    dup: false,
    retain: false,
  });
  await client.expectClosed();
  expect((await watcher.messages.next()).text).toBe('gone');
});

it('[MQTT-3.1.2-8] [MQTT-3.1.4-2] the will is published when another connection takes the client id over', async () => {
  const clientId = uniqueId('will');
  const { watcher, client } = await withWill({}, { clientId });
  await connectClient(broker.port, { clientId });
  await client.expectClosed();
  expect((await watcher.messages.next()).text).toBe('gone');
});

describe('a persistent client subscribed to its own will topic (regression: its will was lost)', () => {
  /** A raw persistent client with a QoS 1 will on `topic` and a QoS 1 subscription to it. */
  async function selfWatching(topic: string, clientId: string): Promise<RawClient> {
    const { client } = await RawClient.connected(broker.port, {
      clientId,
      clean: false,
      will: { topic, payload: Buffer.from('gone'), qos: 1, retain: false },
    });
    client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 1 }] });
    await client.expect('suback');
    return client;
  }

  it('[MQTT-3.1.2-8] [MQTT-3.1.2-5] a dropped connection: its will is queued in its own offline session', async () => {
    const topic = uniqueTopic('will');
    const clientId = uniqueId('self');
    const watcher = await connectClient(broker.port);
    await watcher.subscribe(topic, 1);
    const client = await selfWatching(topic, clientId);
    client.destroy();
    expect((await watcher.messages.next()).text).toBe('gone'); // the will is out
    const { client: back, connack } = await RawClient.connected(broker.port, {
      clientId,
      clean: false,
    });
    expect(connack.sessionPresent).toBe(true);
    expect(await back.expect('publish')).toMatchObject({ topic, qos: 1, dup: false });
  });

  it('[MQTT-3.1.2-8] [MQTT-3.1.4-2] a takeover: the new connection of the session receives the will of the old', async () => {
    const topic = uniqueTopic('will');
    const clientId = uniqueId('self');
    const old = await selfWatching(topic, clientId);
    const replacement = await connectClient(broker.port, { clientId, clean: false });
    await old.expectClosed();
    expect(await replacement.messages.next()).toMatchObject({ topic, text: 'gone', qos: 1 });
  });
});

it('[MQTT-3.1.2-10] [MQTT-3.14.4-3] the will is discarded on DISCONNECT', async () => {
  const { topic, watcher, client } = await withWill({ qos: 1 });
  client.send({ cmd: 'disconnect' });
  await client.expectClosed();
  // A marker sent after the close: had the will been published, it would arrive first.
  const marker = await connectClient(broker.port);
  await marker.publish(topic, 'marker', { qos: 1 });
  expect((await watcher.messages.next()).text).toBe('marker');
  await watcher.messages.expectNothing();
});

it.each([
  ['[MQTT-2.2.2-2] with fixed-header flags 0001', [0xe1, 0x00]],
  ['[MQTT 3.14.1] with a Remaining Length of 1', [0xe0, 0x01, 0x00]],
])(
  '[MQTT-3.1.2-8] a malformed DISCONNECT (%s) is a protocol violation, not a DISCONNECT: the will is published',
  async (_, bytes) => {
    const { watcher, client } = await withWill();
    client.sendBytes(bytes);
    await client.expectClosed();
    expect((await watcher.messages.next()).text).toBe('gone');
  },
);

it.each([0, 1, 2] as QoS[])(
  '[MQTT 3.1.2.6] a will QoS %i is published at that QoS',
  async (qos) => {
    const { watcher, client } = await withWill({ qos });
    client.destroy();
    expect(await watcher.messages.next()).toMatchObject({ text: 'gone', qos, retain: false });
  },
);

it('[MQTT-3.1.2-17] a will with Will Retain=1 is retained: a later subscriber gets it with RETAIN=1', async () => {
  const { topic, watcher, client } = await withWill({ qos: 1, retain: true });
  client.destroy();
  expect(await watcher.messages.next()).toMatchObject({ text: 'gone', retain: false });
  const late = await connectClient(broker.port);
  await late.subscribe(topic, 1);
  expect(await late.messages.next()).toMatchObject({ topic, text: 'gone', qos: 1, retain: true });
});

it('[MQTT-3.3.1-10] a retained will with an empty payload deletes the retained message of its topic', async () => {
  const topic = uniqueTopic('will');
  const pub = await connectClient(broker.port);
  await pub.publish(topic, 'kept', { qos: 1, retain: true });
  const watcher = await connectClient(broker.port);
  await watcher.subscribe(topic, 1);
  expect(await watcher.messages.next()).toMatchObject({ text: 'kept', retain: true });
  const { client } = await RawClient.connected(broker.port, {
    will: { topic, payload: Buffer.alloc(0), qos: 1, retain: true },
  });
  client.destroy();
  expect(await watcher.messages.next()).toMatchObject({ text: '', retain: false });
  const late = await connectClient(broker.port);
  await late.subscribe(topic, 1);
  await late.messages.expectNothing();
});

it.each([
  ['[MQTT-4.7.1-1] a will topic with a wildcard', 'will/+'],
  ['[MQTT-4.7.3-1] an empty will topic', ''],
])('%s is not accepted: the connection is closed', async (_, willTopic) => {
  const raw = await RawClient.open(broker.port);
  // Hand-made: encoders refuse these will topics.
  raw.sendBytes(
    connectBytes({
      flags: CLEAN_SESSION | WILL_FLAG,
      payload: [field(uniqueId('wt')), field(willTopic), field('never')],
    }),
  );
  await raw.expectClosed();
  expect(raw.packets.all.filter((p) => p.cmd === 'connack' && p.returnCode === 0)).toEqual([]);
});

it('[MQTT-3.1.2-16] a will with Will Retain=0 is not retained', async () => {
  const { topic, watcher, client } = await withWill({ qos: 1, retain: false });
  client.destroy();
  await watcher.messages.next();
  const late = await connectClient(broker.port);
  await late.subscribe(topic, 1);
  await late.messages.expectNothing();
});
