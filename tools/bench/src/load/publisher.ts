import { performance } from 'node:perf_hooks';
import type { BenchClient, TrafficHandler } from '../client/bench-client';
import type { PublishEncoder } from '../client/publish-encoder';
import { ackFrames } from './ack-frames';

const PUBACK = 4;
const PUBREC = 5;
const PUBCOMP = 7;
/** PUBREL's fixed header: type 6 with the required flags 0b0010 [MQTT-3.6.1-1]. */
const PUBREL_FIRST_BYTE = 0x62;
const AWAITING_ACK = 1;
const AWAITING_PUBCOMP = 2;

export interface PublisherSettings {
  readonly qos: number;
  /** QoS 1/2: PUBLISHes not yet completed (PUBACK / PUBCOMP) at most. */
  readonly window: number;
  /** Messages per second; undefined = as fast as flow control allows. */
  readonly rate: number | undefined;
  /** Approximate bytes per socket write when nothing else limits the batch. */
  readonly batchBytes: number;
  readonly frameSize: number;
}

export interface PublisherStats {
  readonly sent: number;
  readonly acked: number;
  readonly inflight: number;
  readonly unexpectedAcks: number;
}

/**
 * Publishes sequence-numbered messages with flow control, so the broker is measured rather than
 * a queue in the generator:
 * - QoS 0 writes a batch, then waits for `drain` if the socket refused more (write() false),
 *   otherwise yields with setImmediate so reads in this process still run;
 * - QoS 1 and 2 keep up to `window` PUBLISHes in flight (until PUBACK, resp. PUBCOMP); after a
 *   read of acks it refills once at
 *   least a quarter of the window is free, so that a broker which acknowledges every PUBLISH in
 *   its own segment does not turn the generator into one write syscall per message;
 * - with a rate, a 1 ms ticker sends what the schedule says is due (within the window).
 */
export class Publisher implements TrafficHandler {
  private sent = 0;
  private acked = 0;
  private inflight = 0;
  private unexpectedAcks = 0;
  private nextPacketId = 0;
  /** Per packet id: 0 free, AWAITING_ACK (PUBACK or PUBREC), AWAITING_PUBCOMP. */
  private readonly outstanding = new Uint8Array(65536);
  /** PUBRELs to send at the end of this read. */
  private releases: number[] = [];
  private running = false;
  private startedAt = 0;
  private ticker: NodeJS.Timeout | undefined;
  private settled: (() => void) | undefined;
  private readonly perBatch: number;
  private readonly refillAt: number;

  constructor(
    private readonly client: BenchClient,
    private readonly encoder: PublishEncoder,
    private readonly settings: PublisherSettings,
  ) {
    this.perBatch = Math.max(1, Math.floor(settings.batchBytes / settings.frameSize));
    this.refillAt = Math.max(1, Math.floor(settings.window / 4));
    client.handler = this;
  }

  start(): void {
    this.running = true;
    this.startedAt = performance.now();
    if (this.settings.rate !== undefined) {
      this.ticker = setInterval(() => this.sendDue(), 1);
    } else if (this.settings.qos === 0) {
      this.pump();
    } else {
      this.fillWindow(this.settings.window);
    }
  }

  /** Stops sending; resolves when every QoS 1 PUBLISH is acknowledged or after `timeoutMs`. */
  stop(timeoutMs: number): Promise<void> {
    this.running = false;
    clearInterval(this.ticker);
    if (this.inflight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.settled = undefined;
        resolve();
      }, timeoutMs);
      this.settled = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  stats(): PublisherStats {
    return {
      sent: this.sent,
      acked: this.acked,
      inflight: this.inflight,
      unexpectedAcks: this.unexpectedAcks,
    };
  }

  get sentCount(): number {
    return this.sent;
  }

  // --- TrafficHandler --------------------------------------------------------------------

  publish(): void {
    // Publishers subscribe to nothing.
  }

  /**
   * QoS 1: PUBACK completes. QoS 2: PUBREC moves the id to "released" and answers PUBREL
   * [MQTT-4.3.3-3]; PUBCOMP completes. Anything else is counted as unexpected.
   */
  ack(type: number, packetId: number): void {
    const state = this.outstanding[packetId];
    if (type === PUBREC && state === AWAITING_ACK && this.settings.qos === 2) {
      this.outstanding[packetId] = AWAITING_PUBCOMP;
      this.releases.push(packetId);
      return;
    }
    const completes =
      (type === PUBACK && state === AWAITING_ACK && this.settings.qos === 1) ||
      (type === PUBCOMP && state === AWAITING_PUBCOMP);
    if (!completes) {
      this.unexpectedAcks++;
      return;
    }
    this.outstanding[packetId] = 0;
    this.inflight--;
    this.acked++;
    if (this.inflight === 0) this.settled?.();
  }

  flush(): void {
    if (this.releases.length > 0 && !this.client.closed) {
      this.client.write(ackFrames(PUBREL_FIRST_BYTE, this.releases));
      this.releases = [];
    }
    if (this.running && this.settings.qos > 0 && this.settings.rate === undefined) {
      const room = this.settings.window - this.inflight;
      if (room >= this.refillAt) this.fillWindow(room);
    }
  }

  // --- sending ---------------------------------------------------------------------------

  private readonly pump = (): void => {
    if (!this.running) return;
    if (this.client.closed) return;
    const ok = this.client.write(this.batch(this.perBatch));
    if (ok) setImmediate(this.pump);
    else this.client.socket.once('drain', this.pump);
  };

  private fillWindow(room: number): void {
    if (room <= 0 || this.client.closed) return;
    this.client.write(this.batch(room));
  }

  private sendDue(): void {
    if (!this.running || this.client.closed) return;
    const due = Math.floor(((performance.now() - this.startedAt) * this.settings.rate!) / 1000);
    let n = due - this.sent;
    if (this.settings.qos > 0) n = Math.min(n, this.settings.window - this.inflight);
    if (n > 0) this.client.write(this.batch(n));
  }

  private batch(count: number): Buffer {
    const now = performance.now();
    const qos1 = this.settings.qos > 0;
    this.encoder.begin(count);
    for (let k = 0; k < count; k++) {
      let packetId = 0;
      if (qos1) {
        packetId = this.allocatePacketId();
        this.outstanding[packetId] = AWAITING_ACK;
        this.inflight++;
      }
      this.encoder.add(this.sent++, packetId, now);
    }
    return this.encoder.end();
  }

  /** Next free identifier in 1..65535 (the window is far smaller, so this rarely loops). */
  private allocatePacketId(): number {
    do {
      this.nextPacketId = this.nextPacketId === 65535 ? 1 : this.nextPacketId + 1;
    } while (this.outstanding[this.nextPacketId] !== 0);
    return this.nextPacketId;
  }
}
