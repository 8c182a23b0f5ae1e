import { randomBytes } from 'node:crypto';
import { generate } from 'mqtt-packet';
import { expect, it } from 'vitest';
import { useBroker } from './support/broker';
import {
  CLEAN_SESSION,
  connectBytes,
  field,
  frame,
  publishBytes,
  USERNAME_FLAG,
} from './support/bytes';
import { connectClient, type TestClient } from './support/mqtt-client';
import { uniqueId, uniqueTopic } from './support/names';
import { RawClient } from './support/raw-client';

const broker = useBroker();

/**
 * Every test: a bystander connected before the bad input must keep working after the bad
 * connection is closed (malformed input is that connection's problem only).
 */
async function bystander(): Promise<{ client: TestClient; stillWorks(): Promise<void> }> {
  const client = await connectClient(broker.port);
  const topic = uniqueTopic();
  await client.subscribe(topic, 1);
  return {
    client,
    async stillWorks() {
      await client.publish(topic, 'ok', { qos: 1 });
      expect((await client.messages.next()).text).toBe('ok');
      expect(client.mqtt.connected).toBe(true);
    },
  };
}

/** Sends `bytes`, either as the very first bytes or after a successful CONNECT. */
async function sendAndExpectClose(bytes: Buffer, afterConnect: boolean): Promise<RawClient> {
  const client = afterConnect
    ? (await RawClient.connected(broker.port)).client
    : await RawClient.open(broker.port);
  client.sendBytes(bytes);
  await client.expectClosed();
  return client;
}

it.each([
  ['an HTTP request', Buffer.from('GET / HTTP/1.1\r\nHost: mqtt\r\n\r\n')],
  ['a reserved packet type 0', Buffer.from([0x00, 0x00])],
  ['a TLS ClientHello', Buffer.from('160301020001', 'hex')],
])(
  '[MQTT-4.8.0-1] garbage as the first bytes (%s) closes that connection only',
  async (_, bytes) => {
    const other = await bystander();
    const client = await sendAndExpectClose(bytes, false);
    expect(client.packets.all).toEqual([]);
    await other.stillWorks();
  },
);

it('[MQTT-4.8.0-1] random bytes after a valid CONNECT close that connection only', async () => {
  const other = await bystander();
  // Type 0 is reserved in 3.1.1 [MQTT-2.2.1]: whatever the random rest, the packet is invalid.
  const garbage = Buffer.concat([Buffer.from([0x00]), randomBytes(256)]);
  await sendAndExpectClose(garbage, true);
  await other.stillWorks();
});

it('[MQTT-2.2.2-2] invalid fixed-header flags (PUBREL with flags 0000) close the connection', async () => {
  const other = await bystander();
  await sendAndExpectClose(Buffer.from([0x60, 0x02, 0x00, 0x01]), true);
  await other.stillWorks();
});

it('[MQTT-3.3.1-4] a PUBLISH with both QoS bits set closes the connection', async () => {
  const other = await bystander();
  await sendAndExpectClose(frame(0x36, field('q3'), Buffer.from([0, 1])), true);
  await other.stillWorks();
});

it('[MQTT 2.2.3] a Remaining Length longer than four bytes closes the connection', async () => {
  const other = await bystander();
  await sendAndExpectClose(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]), true);
  await other.stillWorks();
});

it('[MQTT 3.12.1] a PINGREQ whose Remaining Length is not 0 closes the connection', async () => {
  const other = await bystander();
  // PINGREQ must have remaining length 0; this one claims 2 bytes of body.
  await sendAndExpectClose(Buffer.from([0xc0, 0x02, 0x00, 0x00]), true);
  await other.stillWorks();
});

it('[MQTT-1.5.3-1] a topic that is not well-formed UTF-8 closes the connection', async () => {
  const other = await bystander();
  await sendAndExpectClose(publishBytes(Buffer.from([0x61, 0xc3, 0x28])), true);
  await other.stillWorks();
});

it('[MQTT-1.5.3-1] a topic with a UTF-16 surrogate encoded in UTF-8 closes the connection', async () => {
  const other = await bystander();
  await sendAndExpectClose(publishBytes(Buffer.from([0x61, 0xed, 0xa0, 0x80])), true);
  await other.stillWorks();
});

it('[MQTT-1.5.3-2] a topic containing U+0000 closes the connection', async () => {
  const other = await bystander();
  await sendAndExpectClose(publishBytes(Buffer.from([0x61, 0x00, 0x62])), true);
  await other.stillWorks();
});

it('[MQTT-1.5.3-1] a client id that is not well-formed UTF-8 closes the connection', async () => {
  const other = await bystander();
  const connect = connectBytes({ payload: [field(Buffer.from([0xff, 0xfe]))] });
  const client = await sendAndExpectClose(connect, false);
  expect(client.packets.all.filter((p) => p.cmd === 'connack' && p.returnCode === 0)).toEqual([]);
  await other.stillWorks();
});

it('[MQTT 2.3.1] a QoS 1 PUBLISH whose packet is cut short (no packet id) closes the connection', async () => {
  const other = await bystander();
  // Remaining length 3 = topic "a" only: the required packet identifier is missing.
  await sendAndExpectClose(frame(0x32, field('a')), true);
  await other.stillWorks();
});

it('[MQTT-2.3.1-1] a QoS 1 PUBLISH with packet id 0 closes the connection', async () => {
  const other = await bystander();
  await sendAndExpectClose(frame(0x32, field('a'), Buffer.from([0, 0])), true);
  await other.stillWorks();
});

it('[MQTT-3.8.3-3] a SUBSCRIBE without any topic filter closes the connection', async () => {
  const other = await bystander();
  await sendAndExpectClose(frame(0x82, Buffer.from([0, 1])), true);
  await other.stillWorks();
});

it('[MQTT-3.8.3-4] a SUBSCRIBE requesting QoS 3 closes the connection', async () => {
  const other = await bystander();
  await sendAndExpectClose(frame(0x82, Buffer.from([0, 1]), field('a/b'), Buffer.from([3])), true);
  await other.stillWorks();
});

it('[MQTT-3.10.3-2] an UNSUBSCRIBE without any topic filter closes the connection', async () => {
  const other = await bystander();
  await sendAndExpectClose(frame(0xa2, Buffer.from([0, 1])), true);
  await other.stillWorks();
});

it('[MQTT-4.7.3-1] a PUBLISH with a zero-length topic closes the connection', async () => {
  const other = await bystander();
  await sendAndExpectClose(publishBytes(Buffer.alloc(0), Buffer.from('x')), true);
  await other.stillWorks();
});

it.each([
  ['CONNACK', [0x20, 0x02, 0x00, 0x00]],
  ['SUBACK', [0x90, 0x03, 0x00, 0x01, 0x00]],
  ['UNSUBACK', [0xb0, 0x02, 0x00, 0x01]],
  ['PINGRESP', [0xd0, 0x00]],
])(
  '[MQTT-4.8.0-1] a %s (a server-to-client packet) sent by a client closes the connection',
  async (_, bytes) => {
    const other = await bystander();
    await sendAndExpectClose(Buffer.from(bytes), true);
    await other.stillWorks();
  },
);

it.each([
  ['[MQTT-1.5.3-1] a SUBSCRIBE filter that is not valid UTF-8', 0x82, [0x61, 0xff], true],
  ['[MQTT-1.5.3-2] a SUBSCRIBE filter containing U+0000', 0x82, [0x61, 0x00], true],
  ['[MQTT-1.5.3-1] an UNSUBSCRIBE filter that is not valid UTF-8', 0xa2, [0x61, 0xff], false],
])('%s closes the connection', async (_, firstByte, filter, withQos) => {
  const other = await bystander();
  const body = [Buffer.from([0, 1]), field(Buffer.from(filter))];
  if (withQos) body.push(Buffer.from([1]));
  const client = await sendAndExpectClose(frame(firstByte, ...body), true);
  expect(client.packets.pending).toEqual([]); // neither SUBACK nor UNSUBACK
  await other.stillWorks();
});

it('[MQTT-1.5.3-1] a user name that is not valid UTF-8 closes the connection', async () => {
  const other = await bystander();
  const connect = connectBytes({
    flags: CLEAN_SESSION | USERNAME_FLAG,
    payload: [field(uniqueId('user')), field(Buffer.from([0x61, 0xc3, 0x28]))],
  });
  const client = await sendAndExpectClose(connect, false);
  expect(client.packets.all.filter((p) => p.cmd === 'connack' && p.returnCode === 0)).toEqual([]);
  await other.stillWorks();
});

it('[MQTT-4.8.0-1] packets behind a protocol violation in the same write are not processed', async () => {
  const watcher = await connectClient(broker.port);
  const topic = uniqueTopic();
  await watcher.subscribe(topic, 1);
  const { client } = await RawClient.connected(broker.port);
  client.sendBytes(
    Buffer.concat([
      generate({ cmd: 'publish', topic: 'x/+', payload: 'bad', qos: 0, dup: false, retain: false }),
      generate({ cmd: 'publish', topic, payload: 'behind', qos: 0, dup: false, retain: false }),
      generate({ cmd: 'pingreq' }),
    ]),
  );
  await client.expectClosed();
  expect(client.packets.pending).toEqual([]); // no PINGRESP
  await watcher.messages.expectNothing();
});

it('[MQTT-3.1.2-8] a CONNECT followed by garbage in the same write is accepted, then closed, and its will fires', async () => {
  const watcher = await connectClient(broker.port);
  const willTopic = uniqueTopic();
  await watcher.subscribe(willTopic, 1);
  const client = await RawClient.open(broker.port);
  const connect = generate({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clientId: uniqueId('cg'),
    clean: true,
    keepalive: 30,
    will: { topic: willTopic, payload: Buffer.from('gone'), qos: 1, retain: false },
  });
  client.sendBytes(Buffer.concat([connect, Buffer.from([0x00, 0x05, 1, 2, 3, 4, 5])]));
  await client.expectClosed();
  expect(client.packets.all.filter((p) => p.cmd === 'connack').map((p) => p.returnCode)).toEqual([
    0,
  ]);
  expect((await watcher.messages.next()).text).toBe('gone');
});

it('[MQTT-4.8.0-1] packets ahead of malformed bytes in the same write are processed', async () => {
  const watcher = await connectClient(broker.port);
  const topic = uniqueTopic();
  await watcher.subscribe(topic, 1);
  const { client } = await RawClient.connected(broker.port);
  client.sendBytes(
    Buffer.concat([
      generate({ cmd: 'publish', topic, payload: 'ahead', qos: 0, dup: false, retain: false }),
      Buffer.from([0x00, 0x00]), // reserved packet type 0
    ]),
  );
  await client.expectClosed();
  expect((await watcher.messages.next()).text).toBe('ahead');
});
