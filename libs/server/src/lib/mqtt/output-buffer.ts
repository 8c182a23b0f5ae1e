import type { Socket } from 'node:net';

/** Writes up to this size are copied into the batch; larger ones go to the socket as is. */
const COPY_LIMIT = 4096;
/** First batch buffer of a tick: small enough to come from Node's shared buffer pool. */
const INITIAL_SIZE = 2048;
const EMPTY = Buffer.alloc(0);

/** Told the result of every socket write (the connection pauses delivery on `false`). */
export interface FlushObserver {
  flushed(ok: boolean): void;
}

/** Shared by every buffer (no closure per connection or per tick). */
function flushScheduled(out: OutputBuffer): void {
  out.flush();
}

/**
 * Coalesces the small writes of one tick (acks, PUBLISH headers, small payloads) into one
 * buffer, flushed once at the end of the tick: one socket write and one syscall instead of a
 * writev of dozens of tiny chunks, each with its own bookkeeping. Large payloads are not
 * copied: the batch is flushed before them and they are written by reference. Between ticks
 * the buffer is released, so an idle connection holds no output memory.
 */
export class OutputBuffer {
  private buf: Buffer = EMPTY;
  private len = 0;
  private scheduled = false;

  constructor(
    private readonly socket: Socket,
    private readonly observer: FlushObserver,
  ) {}

  /** Holds of `cork`: while any is pending nothing is sent, order kept. */
  private corks = 0;

  /**
   * Send nothing until `until` settles (a SUBACK must not reach the client before the
   * cluster routes its filter); what is written meanwhile is kept, in order.
   */
  cork(until: Promise<unknown>): void {
    this.corks++;
    const release = (): void => {
      if (--this.corks === 0) this.flush();
    };
    until.then(release, release);
  }

  write(data: Buffer): void {
    if (data.length > COPY_LIMIT && this.corks === 0) {
      this.flush();
      this.observer.flushed(this.socket.write(data));
      return;
    }
    if (this.len + data.length > this.buf.length) {
      // Out of room: send what is batched and continue in a larger buffer (bursts grow it);
      // while corked nothing may be sent, so the batch moves into the larger buffer.
      const needed = this.corks > 0 ? this.len + data.length : data.length;
      const next = Math.max(INITIAL_SIZE, this.buf.length * 4, needed * 2);
      if (this.corks > 0) {
        const grown = Buffer.allocUnsafe(next);
        this.buf.copy(grown, 0, 0, this.len);
        this.buf = grown;
      } else {
        this.flush();
        this.buf = Buffer.allocUnsafe(next);
      }
    }
    data.copy(this.buf, this.len);
    this.len += data.length;
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(flushScheduled, this);
    }
  }

  /**
   * Copies a cached PUBLISH header whose last two bytes are the packet identifier, writing
   * `packetId` over them in the batch (the cached header itself is never modified).
   */
  writeHeaderWithPacketId(header: Buffer, packetId: number): void {
    if (header.length > COPY_LIMIT) {
      // Not batched (a long topic): `write` would send the cached header itself, so patch a copy.
      const copy = Buffer.from(header);
      copy.writeUInt16BE(packetId, copy.length - 2);
      this.write(copy);
      return;
    }
    this.write(header);
    const end = this.len;
    this.buf[end - 2] = packetId >>> 8;
    this.buf[end - 1] = packetId & 0xff;
  }

  /** Hands the batch to the socket (the socket owns it from then on: a new batch is started). */
  flush(): void {
    this.scheduled = false;
    if (this.len === 0 || this.corks > 0) return;
    const out = this.buf.subarray(0, this.len);
    this.buf = EMPTY; // the socket owns `out` now; the next write starts a new batch
    this.len = 0;
    if (this.socket.destroyed) return;
    this.observer.flushed(this.socket.write(out));
  }
}
