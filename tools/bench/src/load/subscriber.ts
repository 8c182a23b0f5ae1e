import { performance } from 'node:perf_hooks';
import type { BenchClient, TrafficHandler } from '../client/bench-client';
import { PAYLOAD_HEADER_SIZE, readPubId, readSendTime, readSeq } from '../client/payload';
import { LatencyRecorder } from './latency-recorder';
import { SeqTracker } from './seq-tracker';

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
 * Verifies every delivery (publisher id + sequence number from the payload) and acknowledges
 * QoS 1 deliveries, one write per socket read.
 */
export class Subscriber implements TrafficHandler {
  received = 0;
  readonly latency: LatencyRecorder | undefined;
  private foreign = 0;
  private readonly trackers: (SeqTracker | undefined)[] = [];
  private acks = new Uint16Array(256);
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
    if (qos > 0) {
      if (this.ackCount === this.acks.length) {
        const bigger = new Uint16Array(this.acks.length * 2);
        bigger.set(this.acks);
        this.acks = bigger;
      }
      this.acks[this.ackCount++] = packetId;
    }
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

  puback(): void {
    // Subscribers publish nothing.
  }

  flush(): void {
    const n = this.ackCount;
    if (n === 0) return;
    const out = Buffer.allocUnsafe(n * 4);
    for (let k = 0; k < n; k++) {
      const o = k * 4;
      out[o] = 0x40; // PUBACK
      out[o + 1] = 2;
      out.writeUInt16BE(this.acks[k]!, o + 2);
    }
    this.ackCount = 0;
    this.client.write(out);
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
