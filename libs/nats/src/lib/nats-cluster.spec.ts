import type { Broker } from '@mithqtt/broker';
import type { Message } from '@mithqtt/protocol';
import { startNats } from '@mithqtt/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCluster } from './connect-cluster';
import type { NatsCluster } from './nats-cluster';

/** Records what the bridge hands to the broker (the adapter under test talks to a real NATS). */
class RecordingBroker {
  readonly received: Message[] = [];
  routeFromCluster(message: Message): void {
    this.received.push(message);
  }
}

let nats: Awaited<ReturnType<typeof startNats>>;
let a: NatsCluster;
let b: NatsCluster;
let brokerB: RecordingBroker;

const settle = () => new Promise((r) => setTimeout(r, 100));

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  nats = await startNats();
  a = await connectCluster(nats.url, { prefix: 'test.msg', nodeId: 'a' });
  b = await connectCluster(nats.url, { prefix: 'test.msg', nodeId: 'b' });
  a.attach(new RecordingBroker() as unknown as Broker);
  brokerB = new RecordingBroker();
  b.attach(brokerB as unknown as Broker);
});

afterAll(async () => {
  await a.close();
  await b.close();
  await nats.stop();
});

describe('NatsCluster (real nats-server)', () => {
  it('carries topic, raw payload bytes, QoS, retain and publisher id', async () => {
    await b.interestAdded('t/+');
    await settle();
    const payload = Buffer.from([0, 1, 2, 0xff]);
    a.publish({ topic: 't/1', payload, qos: 2, retain: true, origin: 'dev-1' });
    await until(() => brokerB.received.length === 1);
    const [m] = brokerB.received;
    expect(m?.topic).toBe('t/1');
    expect(m?.payload.equals(payload)).toBe(true);
    expect(m).toMatchObject({ qos: 2, retain: true, origin: 'dev-1' });
    b.interestRemoved('t/+');
    brokerB.received.length = 0;
  });

  it('hands over one copy when several local filters match (sequence de-duplication)', async () => {
    await b.interestAdded('d/#');
    await b.interestAdded('d/+');
    await b.interestAdded('+/x');
    await settle();
    for (let i = 0; i < 10; i++)
      a.publish({ topic: 'd/x', payload: Buffer.from(String(i)), qos: 1, retain: false });
    await until(() => brokerB.received.length >= 10);
    await settle();
    expect(brokerB.received.map((m) => m.payload.toString())).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    for (const f of ['d/#', 'd/+', '+/x']) b.interestRemoved(f);
    brokerB.received.length = 0;
  });

  it('[MQTT-4.7.1-2] a/# also receives the parent topic a', async () => {
    await b.interestAdded('p/#');
    await settle();
    a.publish({ topic: 'p', payload: Buffer.from('parent'), qos: 0, retain: false });
    await until(() => brokerB.received.length === 1);
    expect(brokerB.received[0]?.topic).toBe('p');
    b.interestRemoved('p/#');
    brokerB.received.length = 0;
  });

  it('receives nothing without interest, and ignores its own messages', async () => {
    await a.interestAdded('self/#');
    await b.interestAdded('self/#');
    await settle();
    b.publish({ topic: 'self/1', payload: Buffer.from('x'), qos: 0, retain: false });
    b.interestRemoved('self/#');
    await settle();
    a.publish({ topic: 'self/2', payload: Buffer.from('y'), qos: 0, retain: false });
    await settle();
    expect(brokerB.received).toEqual([]);
    expect(b.interest).toEqual([]);
  });

  it('keeps a topic too long for a NATS subject local, and the link keeps working (a device cannot cut a node off)', async () => {
    const long = `long/${'x'.repeat(5000)}`;
    await b.interestAdded('long/#');
    await b.interestAdded(long); // too long to subscribe: local only
    a.publish({ topic: long, payload: Buffer.from('big'), qos: 1, retain: false });
    a.publish({ topic: 'long/short', payload: Buffer.from('small'), qos: 1, retain: false });
    await until(() => brokerB.received.length === 1);
    await settle();
    expect(brokerB.received.map((m) => m.topic)).toEqual(['long/short']);
    expect(a.tooLong).toBe(1);
    expect(b.tooLong).toBe(1);
    b.interestRemoved('long/#');
    brokerB.received.length = 0;
  });
});
