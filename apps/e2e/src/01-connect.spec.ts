import { generate } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { useBroker } from './support/broker';
import {
  CLEAN_SESSION,
  connectBytes,
  field,
  PASSWORD_FLAG,
  RESERVED_FLAG,
  WILL_FLAG,
  WILL_QOS_SHIFT,
  WILL_RETAIN,
} from './support/bytes';
import { connectClient } from './support/mqtt-client';
import { uniqueId, uniqueTopic } from './support/names';
import { RawClient } from './support/raw-client';

const CONNECT_TIMEOUT_MS = 500;
const broker = useBroker({ MQTT_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) });

describe('CONNECT', () => {
  it('[MQTT-3.1.0-1] a first packet other than CONNECT closes the connection', async () => {
    const raw = await RawClient.open(broker.port);
    raw.send({ cmd: 'pingreq' });
    await raw.expectClosed();
    expect(raw.packets.all).toEqual([]); // no PINGRESP, nothing
  });

  it('[MQTT 3.1.4] a connection that sends no CONNECT is closed after the connect timeout', async () => {
    const raw = await RawClient.open(broker.port);
    const elapsed = await raw.expectClosed(CONNECT_TIMEOUT_MS + 2500);
    // The timeout is checked by a one-second sweep: closed after it, and not much later.
    expect(elapsed).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
    expect(raw.packets.all).toEqual([]);
  });

  it('[MQTT 3.1.4] a CONNECT that never completes (half its bytes) is closed at the connect timeout', async () => {
    const raw = await RawClient.open(broker.port);
    const connect = connectBytes();
    raw.sendBytes(connect.subarray(0, connect.length >> 1));
    const elapsed = await raw.expectClosed(CONNECT_TIMEOUT_MS + 2500);
    expect(elapsed).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 50);
    expect(raw.packets.all).toEqual([]);
  });

  it('[MQTT-3.1.2-2] an unsupported protocol level gets CONNACK 0x01, then the close [MQTT-3.2.2-5]', async () => {
    const raw = await RawClient.open(broker.port);
    raw.sendBytes(connectBytes({ level: 9 }));
    const connack = await raw.expect('connack');
    expect(connack.returnCode).toBe(0x01);
    expect(connack.sessionPresent).toBe(false);
    await raw.expectClosed();
  });

  it('[MQTT-3.1.2-1] a CONNECT with an unknown protocol name is not accepted', async () => {
    const raw = await RawClient.open(broker.port);
    raw.sendBytes(connectBytes({ protocolName: 'HTTP' }));
    await raw.expectClosed();
    expect(raw.packets.all.filter((p) => p.cmd === 'connack' && p.returnCode === 0)).toEqual([]);
  });

  it.each([
    ['MQTT', 3],
    ['MQIsdp', 4],
  ])(
    '[MQTT-3.1.2-2] protocol name %s with level %i (a mismatch) gets CONNACK 0x01, then the close',
    async (protocolName, level) => {
      const raw = await RawClient.open(broker.port);
      raw.sendBytes(connectBytes({ protocolName, level }));
      expect((await raw.expect('connack')).returnCode).toBe(0x01);
      await raw.expectClosed();
    },
  );

  it('[design: MQTT 5 not served yet] an MQTT 5 CONNECT gets CONNACK 0x84 (unsupported protocol version), then the close', async () => {
    const raw = await RawClient.open(broker.port, 5);
    raw.send({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 5,
      clientId: uniqueId('v5'),
      clean: true,
      keepalive: 0,
    });
    const connack = await raw.expect('connack');
    expect(connack.reasonCode).toBe(0x84);
    expect(connack.sessionPresent).toBe(false);
    await raw.expectClosed();
  });

  it('[MQTT-3.1.2-3] a CONNECT with the reserved flag set closes the connection', async () => {
    const raw = await RawClient.open(broker.port);
    raw.sendBytes(connectBytes({ flags: CLEAN_SESSION | RESERVED_FLAG }));
    await raw.expectClosed();
    expect(raw.packets.all.filter((p) => p.cmd === 'connack' && p.returnCode === 0)).toEqual([]);
  });

  it('[MQTT 3.1.4 "need not wait for a CONNACK"] packets sent right behind CONNECT, before CONNACK, are processed', async () => {
    const topic = uniqueTopic();
    const raw = await RawClient.open(broker.port);
    // One write: CONNECT, SUBSCRIBE, PUBLISH QoS 1 (to itself), PINGREQ.
    raw.sendBytes(
      Buffer.concat([
        generate({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 4,
          clientId: uniqueId('pipe'),
          clean: true,
          keepalive: 0,
        }),
        generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 1 }] }),
        generate({
          cmd: 'publish',
          topic,
          payload: 'pipelined',
          qos: 1,
          messageId: 2,
          dup: false,
          retain: false,
        }),
        generate({ cmd: 'pingreq' }),
      ]),
    );
    expect((await raw.expect('connack')).returnCode).toBe(0);
    expect((await raw.expect('suback')).granted).toEqual([1]);
    const rest = await raw.packets.take(3);
    expect(rest.map((p) => p.cmd).sort()).toEqual(['pingresp', 'puback', 'publish']);
    expect(raw.isClosed).toBe(false);
  });

  it('[MQTT-3.1.0-2] a second CONNECT closes the connection', async () => {
    const { client: raw } = await RawClient.connected(broker.port);
    raw.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'again' });
    await raw.expectClosed();
    expect(raw.packets.pending).toEqual([]); // no second CONNACK
  });

  it('[MQTT-3.1.3-6] a zero-length client id with CleanSession=1 is accepted with a unique server-assigned id', async () => {
    const first = await RawClient.connected(broker.port, { clientId: '', clean: true });
    const second = await RawClient.connected(broker.port, { clientId: '', clean: true });
    expect(first.connack.returnCode).toBe(0);
    expect(second.connack.returnCode).toBe(0);
    // Were both given the same id, the second would have taken over (closed) the first.
    first.client.send({ cmd: 'pingreq' });
    await first.client.expect('pingresp');
    second.client.send({ cmd: 'pingreq' });
    await second.client.expect('pingresp');
    expect(first.client.isClosed).toBe(false);
  });

  it('[MQTT-3.1.3-8] a zero-length client id with CleanSession=0 gets CONNACK 0x02, then the close', async () => {
    const raw = await RawClient.open(broker.port);
    raw.sendBytes(connectBytes({ flags: 0, payload: [field('')] })); // mqtt-packet refuses to encode it
    const connack = await raw.expect('connack');
    expect(connack.returnCode).toBe(0x02);
    expect(connack.sessionPresent).toBe(false);
    await raw.expectClosed();
  });

  it('[MQTT-3.1.2-22] the password flag without the username flag closes the connection', async () => {
    const raw = await RawClient.open(broker.port);
    raw.sendBytes(
      connectBytes({
        flags: CLEAN_SESSION | PASSWORD_FLAG,
        payload: [field(uniqueId('pw')), field(Buffer.from('secret'))],
      }),
    );
    await raw.expectClosed();
    expect(raw.packets.all.filter((p) => p.cmd === 'connack' && p.returnCode === 0)).toEqual([]);
  });

  it.each([
    ['[MQTT-3.1.2-13] Will QoS 1 without the Will flag', CLEAN_SESSION | (1 << WILL_QOS_SHIFT)],
    ['[MQTT-3.1.2-15] Will Retain without the Will flag', CLEAN_SESSION | WILL_RETAIN],
  ])('%s closes the connection', async (_, flags) => {
    const raw = await RawClient.open(broker.port);
    raw.sendBytes(connectBytes({ flags }));
    await raw.expectClosed();
    expect(raw.packets.all.filter((p) => p.cmd === 'connack' && p.returnCode === 0)).toEqual([]);
  });

  it('[MQTT-3.1.2-14] a Will QoS of 3 closes the connection', async () => {
    const raw = await RawClient.open(broker.port);
    raw.sendBytes(
      connectBytes({
        flags: CLEAN_SESSION | WILL_FLAG | (3 << WILL_QOS_SHIFT),
        payload: [field(uniqueId('wq3')), field('will/topic'), field('will')],
      }),
    );
    await raw.expectClosed();
    expect(raw.packets.all.filter((p) => p.cmd === 'connack' && p.returnCode === 0)).toEqual([]);
  });
});

describe('CONNACK session present', () => {
  it('[MQTT-3.2.2-1] is 0 for a clean session', async () => {
    const c = await connectClient(broker.port, { clean: true });
    expect(c.connack.sessionPresent).toBe(false);
  });

  it('[MQTT-3.2.2-3] [MQTT-3.2.2-2] is 0 for a new persistent session and 1 when it is resumed', async () => {
    const clientId = uniqueId('sp');
    const first = await connectClient(broker.port, { clientId, clean: false });
    expect(first.connack.sessionPresent).toBe(false);
    await first.disconnect();
    const second = await connectClient(broker.port, { clientId, clean: false });
    expect(second.connack.sessionPresent).toBe(true);
  });

  it('[MQTT-3.2.2-1] is 0 for a clean session that replaces a persistent one, which is then gone', async () => {
    const clientId = uniqueId('sp');
    await (await connectClient(broker.port, { clientId, clean: false })).disconnect();
    const clean = await connectClient(broker.port, { clientId, clean: true });
    expect(clean.connack.sessionPresent).toBe(false);
    await clean.disconnect();
    const again = await connectClient(broker.port, { clientId, clean: false });
    expect(again.connack.sessionPresent).toBe(false);
  });
});

describe('session takeover', () => {
  it('[MQTT-3.1.4-2] ten CONNECTs with one client id at once: exactly one connection survives, and it works', async () => {
    const clientId = uniqueId('race');
    const conns = await Promise.all(Array.from({ length: 10 }, () => RawClient.open(broker.port)));
    for (const c of conns) {
      c.send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId, clean: false });
    }
    // Which one wins depends on arrival order; that all but one are closed does not.
    let closedCount = 0;
    await new Promise<void>((resolve) => {
      for (const c of conns) {
        void c.closed.then(() => {
          if (++closedCount === conns.length - 1) resolve();
        });
      }
    });
    const [survivor, ...others] = conns.filter((c) => !c.isClosed);
    expect(others).toEqual([]);
    await survivor!.expectOpen();
    const topic = uniqueTopic();
    survivor!.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 1 }] });
    await survivor!.packets.find((p) => p.cmd === 'suback');
  });

  it('[MQTT-3.1.4-2] a second connection with the same client id closes the first, whose will is published', async () => {
    const clientId = uniqueId('take');
    const willTopic = uniqueTopic('will');
    const watcher = await connectClient(broker.port);
    await watcher.subscribe(willTopic, 1);
    const { client: old } = await RawClient.connected(broker.port, {
      clientId,
      will: { topic: willTopic, payload: Buffer.from('old is gone'), qos: 1, retain: false },
    });
    const replacement = await connectClient(broker.port, { clientId });
    await old.expectClosed();
    expect((await watcher.messages.next()).text).toBe('old is gone');
    // The new connection is the one that lives on.
    await replacement.subscribe(uniqueTopic('alive'));
    expect(replacement.mqtt.connected).toBe(true);
  });
});
