import { describe, expect, it } from 'vitest';
import { useBroker } from './support/broker';
import { readMetric } from './support/metrics';
import { connectClient } from './support/mqtt-client';
import { uniqueTopic } from './support/names';
import { RawClient } from './support/raw-client';

const PUBLISHERS = 4;
const PER_PUBLISHER = 250;
/** Small bounds so that fast publishers overrun a slow subscriber within a second. */
const LIMITS = { MQTT_MAX_QUEUED: '40', MQTT_MAX_INFLIGHT: '4' } as const;

/**
 * Fan-in at QoS 1 into one subscriber that acknowledges slowly: the publishers send as fast as
 * they can, and the broker acknowledges each PUBLISH at once [MQTT-4.3.2-2]. Returns what the
 * subscriber received, as "publisher:sequence" strings.
 */
async function fanInToSlowSubscriber(port: number): Promise<string[]> {
  const topic = uniqueTopic();
  const { client: sub } = await RawClient.connected(port);
  sub.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: `${topic}/+`, qos: 1 }] });
  expect((await sub.expect('suback')).granted).toEqual([1]);

  const publishers = await Promise.all(
    Array.from({ length: PUBLISHERS }, () => connectClient(port)),
  );
  const sent = publishers.map((pub, p) =>
    Promise.all(
      Array.from({ length: PER_PUBLISHER }, (_, i) =>
        pub.publish(`${topic}/${p}`, `${p}:${i}`, { qos: 1 }),
      ),
    ),
  );
  const received: string[] = [];
  // Acknowledge one message every 2 ms at most: far slower than the publishers.
  for (;;) {
    let publish;
    try {
      publish = await sub.expect('publish', 2000);
    } catch {
      break; // nothing more arrives
    }
    received.push(String(publish.payload));
    await new Promise((resolve) => setTimeout(resolve, 2));
    sub.send({ cmd: 'puback', messageId: publish.messageId! });
  }
  await Promise.all(sent); // every publisher got all its PUBACKs
  return received;
}

/** Per publisher, the sequence numbers in arrival order. */
function byPublisher(received: readonly string[]): number[][] {
  const out: number[][] = Array.from({ length: PUBLISHERS }, () => []);
  for (const r of received) {
    const [p, i] = r.split(':').map(Number);
    out[p!]!.push(i!);
  }
  return out;
}

describe('publisher flow control (default on)', () => {
  const broker = useBroker(LIMITS);

  it('a slow QoS 1 subscriber gets every acknowledged message of fast publishers, in order, none dropped', async () => {
    const droppedBefore = await readMetric(broker.httpPort, 'mithqtt_messages_dropped_total');
    const received = await fanInToSlowSubscriber(broker.port);
    const expected = Array.from({ length: PER_PUBLISHER }, (_, i) => i);
    // [MQTT-4.6.0-6] per-publisher order; exactly once each (no loss, no duplicates).
    expect(byPublisher(received)).toEqual(Array.from({ length: PUBLISHERS }, () => expected));
    expect(await readMetric(broker.httpPort, 'mithqtt_messages_dropped_total')).toBe(droppedBefore);
    expect(await readMetric(broker.httpPort, 'mithqtt_publisher_pauses_total')).toBeGreaterThan(0);
  }, 60_000);
});

describe('publisher flow control off (MQTT_PUBLISHER_FLOW_CONTROL=false)', () => {
  const broker = useBroker({ ...LIMITS, MQTT_PUBLISHER_FLOW_CONTROL: 'false' });

  it('the same load overflows the queue: messages are dropped (drop-new) and counted', async () => {
    const received = await fanInToSlowSubscriber(broker.port);
    const dropped = await readMetric(broker.httpPort, 'mithqtt_messages_dropped_total');
    expect(dropped).toBeGreaterThan(0);
    expect(received.length + dropped).toBe(PUBLISHERS * PER_PUBLISHER);
  }, 60_000);
});
