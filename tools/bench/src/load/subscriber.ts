import { performance } from 'node:perf_hooks';
import type { BenchClient, TrafficHandler } from '../client/bench-client';
import { PAYLOAD_HEADER_SIZE, readPubId, readSendTime, readSeq } from '../client/payload';
import { LatencyRecorder } from './latency-recorder';
import { SeqTracker } from './seq-tracker';

const PUBACK_FIRST_BYTE = 0x40;
const PUBREC_FIRST_BYTE = 0x50;
const PUBREL = 6;
const PUBCOMP_FIRST_BYTE = 0x70;

export interface SubscriberStats {
  readonly received: number;
  readonly unique: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
  /** Messages of publishers this subscriber does not expect, or too short to carry a header. */
  readonly foreign: number;
  /** Per expected publisher: `expected - unique`, given the publishers' final counts. */
  readonly lost: number;
}

/**
 * Verifies every delivery (publisher id + sequence number from the payload) and answers QoS 1
 * and 2 deliveries, one write per socket read.
 */
export class Subscriber implements TrafficHandler {
  received = 0;
  readonly latency: LatencyRecorder | undefined;
  private foreign = 0;
  private readonly trackers: (SeqTracker | undefined)[] = [];
  /** Answers owed after this read: first byte << 16 | packet id (PUBACK, PUBREC or PUBCOMP). */
  private acks = new Uint32Array(256);
  private ackCount = 0;

  constructor(
    private readonly client: BenchClient,
    private readonly expectFrom: readonly number[],
    recordLatency: boolean,
  ) {
    for (const id of expectFrom) this.trackers[id] = new SeqTracker();
    this.latency = recordLatency ? new LatencyRecorder() : undefined;
    client.handler = this;
  }

  publish(buf: Buffer, start: number, end: number, qos: number, packetId: number): void {
    this.received++;
    // QoS 1: PUBACK. QoS 2: PUBREC now, PUBCOMP when PUBREL comes [MQTT-4.3.3-2].
    if (qos === 1) this.answer(PUBACK_FIRST_BYTE, packetId);
    else if (qos === 2) this.answer(PUBREC_FIRST_BYTE, packetId);
    if (end - start < PAYLOAD_HEADER_SIZE) {
      this.foreign++;
      return;
    }
    const tracker = this.trackers[readPubId(buf, start)];
    if (!tracker) {
      this.foreign++;
      return;
    }
    tracker.record(readSeq(buf, start));
    this.latency?.record(readSendTime(buf, start), performance.now());
  }

  ack(type: number, packetId: number): void {
    if (type === PUBREL) this.answer(PUBCOMP_FIRST_BYTE, packetId);
  }

  flush(): void {
    const n = this.ackCount;
    if (n === 0) return;
    const out = Buffer.allocUnsafe(n * 4);
    for (let k = 0; k < n; k++) {
      const v = this.acks[k]!;
      const o = k * 4;
      out[o] = v >>> 16;
      out[o + 1] = 2;
      out.writeUInt16BE(v & 0xffff, o + 2);
    }
    this.ackCount = 0;
    this.client.write(out);
  }

  private answer(firstByte: number, packetId: number): void {
    if (this.ackCount === this.acks.length) {
      const bigger = new Uint32Array(this.acks.length * 2);
      bigger.set(this.acks);
      this.acks = bigger;
    }
    this.acks[this.ackCount++] = (firstByte << 16) | packetId;
  }

  /** True once every expected publisher's messages up to its final count have arrived. */
  complete(expected: readonly number[]): boolean {
    return this.expectFrom.every((id) => (this.trackers[id]?.unique ?? 0) >= (expected[id] ?? 0));
  }

  stats(expected: readonly number[]): SubscriberStats {
    let unique = 0;
    let duplicates = 0;
    let outOfOrder = 0;
    let lost = 0;
    for (const id of this.expectFrom) {
      const t = this.trackers[id]!;
      unique += t.unique;
      duplicates += t.duplicates;
      outOfOrder += t.outOfOrder;
      lost += Math.max(0, (expected[id] ?? 0) - t.unique);
    }
    return { received: this.received, unique, duplicates, outOfOrder, foreign: this.foreign, lost };
  }
}
