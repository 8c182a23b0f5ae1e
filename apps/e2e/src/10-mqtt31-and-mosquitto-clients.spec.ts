import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { useBroker } from './support/broker';
import { connectBytes, field } from './support/bytes';
import { connectClient } from './support/mqtt-client';
import { uniqueId, uniqueTopic } from './support/names';
import { Child } from './support/process';
import { isMqtt31Connect, recordingProxy } from './support/proxy';
import { RawClient } from './support/raw-client';

const broker = useBroker();

const MOSQUITTO_PUB = '/usr/bin/mosquitto_pub';
const MOSQUITTO_SUB = '/usr/bin/mosquitto_sub';
const STDBUF = '/usr/bin/stdbuf';
/** Debian's python3-paho-mqtt lives in the system interpreter (not a pyenv one). */
const SYSTEM_PYTHON = '/usr/bin/python3';
const hasPaho = existsSync(SYSTEM_PYTHON) && canImportPaho();

function canImportPaho(): boolean {
  try {
    execFileSync(SYSTEM_PYTHON, ['-c', 'import paho.mqtt.client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function child(command: string, args: string[]): Child {
  const c = new Child(command, args);
  onTestFinished(() => c.stop());
  return c;
}

/**
 * mosquitto_sub speaking MQTT 3.1, printing "MSG topic|qos|retain|payload" per message and its
 * debug log (-d: "received SUBACK"), line-buffered through stdbuf so the test sees it live.
 */
function mosquittoSub(port: number, topic: string, extra: string[] = []): Child {
  return child(STDBUF, [
    '-oL',
    MOSQUITTO_SUB,
    ...['-V', 'mqttv31', '-h', '127.0.0.1', '-p', String(port), '-i', uniqueId('msub')],
    ...['-t', topic, '-q', '2', '-d', '-F', 'MSG %t|%q|%r|%p'],
    ...extra,
  ]);
}

function mosquittoPub(port: number, topic: string, message: string, extra: string[] = []): Child {
  return child(MOSQUITTO_PUB, [
    ...['-V', 'mqttv31', '-h', '127.0.0.1', '-p', String(port), '-i', uniqueId('mpub')],
    ...['-t', topic, '-m', message],
    ...extra,
  ]);
}

describe('mosquitto clients speaking MQTT 3.1', () => {
  it('[MQTT 3.1] mosquitto_pub -V mqttv31 reaches an MQTT 3.1.1 subscriber, at QoS 1 and 2', async () => {
    const topic = uniqueTopic();
    const sub = await connectClient(broker.port, { protocolVersion: 4 });
    await sub.subscribe(topic, 2);
    const proxy = await recordingProxy(broker.port);
    for (const qos of [1, 2]) {
      const pub = mosquittoPub(proxy.port, topic, `from 3.1 at ${qos}`, ['-q', String(qos)]);
      expect(await pub.waitForExit(), pub.output).toEqual({ code: 0, signal: null });
      expect(await sub.messages.next()).toMatchObject({ text: `from 3.1 at ${qos}`, qos });
      expect(isMqtt31Connect(await proxy.firstChunks.next())).toBe(true);
    }
  });

  it('[MQTT 3.1] mosquitto_sub -V mqttv31 receives from an MQTT 3.1.1 publisher', async () => {
    const topic = uniqueTopic();
    const proxy = await recordingProxy(broker.port);
    const sub = mosquittoSub(proxy.port, topic, ['-C', '2']);
    await sub.waitFor(/received SUBACK/i);
    expect(isMqtt31Connect(await proxy.firstChunks.next())).toBe(true);
    const pub = await connectClient(broker.port, { protocolVersion: 4 });
    await pub.publish(topic, 'hello 3.1', { qos: 1 });
    await pub.publish(topic, 'twice', { qos: 2 });
    expect(await sub.waitForExit(), sub.output).toEqual({ code: 0, signal: null });
    expect(sub.stdout).toContain(`MSG ${topic}|1|0|hello 3.1`);
    expect(sub.stdout).toContain(`MSG ${topic}|2|0|twice`);
  });

  it('[MQTT 3.1] [MQTT-3.3.1-8] a retained message from mosquitto_pub 3.1 reaches a later mosquitto_sub 3.1 with RETAIN=1', async () => {
    const topic = uniqueTopic();
    const pub = mosquittoPub(broker.port, topic, 'kept', ['-q', '1', '-r']);
    expect(await pub.waitForExit(), pub.output).toEqual({ code: 0, signal: null });
    const sub = mosquittoSub(broker.port, topic, ['-C', '1']);
    expect(await sub.waitForExit(), sub.output).toEqual({ code: 0, signal: null });
    expect(sub.stdout).toContain(`MSG ${topic}|1|1|kept`);
  });

  it('[MQTT 3.1] [MQTT-3.1.2-8] the will of a killed mosquitto_sub 3.1 is published', async () => {
    const topic = uniqueTopic();
    const willTopic = uniqueTopic('will');
    const watcher = await connectClient(broker.port);
    await watcher.subscribe(willTopic, 1);
    const sub = mosquittoSub(broker.port, topic, [
      ...['--will-topic', willTopic, '--will-payload', 'mosquitto died', '--will-qos', '1'],
    ]);
    await sub.waitFor(/received SUBACK/i);
    sub.kill('SIGKILL'); // no DISCONNECT: the OS closes the socket
    expect(await watcher.messages.next()).toMatchObject({ text: 'mosquitto died', qos: 1 });
  });
});

describe('MQTT.js speaking MQTT 3.1', () => {
  it('[MQTT 3.1] a 3.1 client (MQIsdp, level 3) and a 3.1.1 client exchange messages both ways', async () => {
    const t31 = uniqueTopic('to31');
    const t311 = uniqueTopic('to311');
    const v31 = await connectClient(broker.port, { protocolVersion: 3, protocolId: 'MQIsdp' });
    const v311 = await connectClient(broker.port, { protocolVersion: 4 });
    await v31.subscribe(t31, 2);
    await v311.subscribe(t311, 2);
    await v311.publish(t31, 'to 3.1', { qos: 2 });
    await v31.publish(t311, 'to 3.1.1', { qos: 1 });
    expect(await v31.messages.next()).toMatchObject({ text: 'to 3.1', qos: 2 });
    expect(await v311.messages.next()).toMatchObject({ text: 'to 3.1.1', qos: 1 });
  });

  it('[MQTT 3.1 §3.1 Client Identifier: 1-23 characters] a 3.1 CONNECT with an empty client id gets CONNACK 0x02', async () => {
    const raw = await RawClient.open(broker.port, 3);
    // Hand-made: mqtt-packet refuses to encode an empty 3.1 client id.
    raw.sendBytes(connectBytes({ protocolName: 'MQIsdp', level: 3, payload: [field('')] }));
    const connack = await raw.expect('connack');
    expect(connack.returnCode).toBe(0x02);
    await raw.expectClosed();
  });
});

describe('MQTT 3.1 sessions', () => {
  it('[MQTT 3.1 §3.2: CONNACK byte 1 reserved] resuming a 3.1 persistent session: accepted, the reserved byte is 0, queued messages arrive', async () => {
    const topic = uniqueTopic();
    const clientId = uniqueId('s31');
    const first = await RawClient.connected(broker.port, {
      protocolVersion: 3,
      protocolId: 'MQIsdp',
      clientId,
      clean: false,
    });
    first.client.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos: 1 }] });
    await first.client.expect('suback');
    first.client.send({ cmd: 'disconnect' });
    await first.client.closed;
    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'kept for 3.1', { qos: 1 });

    const raw = await RawClient.open(broker.port, 3);
    raw.sendBytes(
      connectBytes({ protocolName: 'MQIsdp', level: 3, flags: 0, payload: [field(clientId)] }),
    );
    const connack = await raw.expect('connack');
    expect(connack.returnCode).toBe(0);
    expect(connack.sessionPresent).toBe(false); // 3.1 has no such flag: the byte stays 0
    expect(String((await raw.expect('publish')).payload)).toBe('kept for 3.1');
  });
});

describe('paho-mqtt (Python) speaking MQTT 3.1', () => {
  it.skipIf(!hasPaho)(
    '[MQTT 3.1] paho with protocol=MQTTv31 subscribes and publishes at QoS 2 with a 3.1.1 client',
    async () => {
      const toPaho = uniqueTopic('to-paho');
      const fromPaho = uniqueTopic('from-paho');
      const js = await connectClient(broker.port, { protocolVersion: 4 });
      await js.subscribe(fromPaho, 2);
      const script = `
import sys
import paho.mqtt.client as mqtt
port, sub_topic, pub_topic = int(sys.argv[1]), sys.argv[2], sys.argv[3]
c = mqtt.Client(client_id=sys.argv[4], protocol=mqtt.MQTTv31)
c.on_connect = lambda c, u, flags, rc: c.subscribe(sub_topic, 2)
def on_subscribe(c, u, mid, granted):
    print("SUBSCRIBED", granted[0], flush=True)
    c.publish(pub_topic, "from paho", qos=2)
def on_message(c, u, m):
    print("MESSAGE", m.topic, m.qos, m.payload.decode(), flush=True)
    c.disconnect()
c.on_subscribe = on_subscribe
c.on_message = on_message
c.connect("127.0.0.1", port, 30)
c.loop_forever()
`;
      const paho = child(SYSTEM_PYTHON, [
        ...['-c', script, String(broker.port), toPaho, fromPaho, uniqueId('paho')],
      ]);
      await paho.waitFor(/SUBSCRIBED 2/);
      await js.publish(toPaho, 'from js', { qos: 2 });
      expect(await js.messages.next()).toMatchObject({ text: 'from paho', qos: 2 });
      expect(await paho.waitForExit(), paho.output).toEqual({ code: 0, signal: null });
      expect(paho.stdout).toContain(`MESSAGE ${toPaho} 2 from js`);
    },
  );
});
