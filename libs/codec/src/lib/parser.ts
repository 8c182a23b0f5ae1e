import { DEFAULT_MAX_PACKET_SIZE, MAX_PACKET_SIZE } from './constants';
import { checkFirstByte, decodePacket } from './decode/decode-packet';
import { MqttCodecError } from './errors';
import { type Packet, PacketType, type ProtocolVersion } from './types';
import { Reader } from './wire/reader';
import { vbiSize } from './wire/writer';

export interface ParserOptions {
  /** Largest whole packet accepted (fixed header included). Default 1 MiB; at most 268435460. */
  maxPacketSize?: number;
  /** Fixed protocol version (clients). A server parser leaves it unset and adopts CONNECT's. */
  protocolVersion?: ProtocolVersion;
}

/** Returned when a chunk completes no packet: shared, so frozen (a caller cannot corrupt it). */
const EMPTY = Object.freeze([]) as unknown as Packet[];

/**
 * One Reader for every parser of the thread: decoding is synchronous and never re-enters, so
 * parsers need not own one. A per-parser Reader would also keep the last chunk it read alive
 * (Buffer, ArrayBuffer and the socket's read memory: about 400 bytes per idle connection).
 */
const reader = new Reader();

/**
 * Streaming MQTT parser. Frames first: the first byte (type and flags) is checked on arrival,
 * and as soon as the Remaining Length is complete the packet's total size is checked against
 * `maxPacketSize`, so nothing past the cap is ever buffered. Then the body is decoded by the
 * packet's decoder through a Reader bounded to that packet.
 *
 * Zero copy: a packet lying whole inside the pushed chunk is decoded in place, and its Buffers
 * (PUBLISH payload, correlation data ...) are views of the chunk. A packet that spans chunks is
 * collected by reference and assembled once, with exactly its own bytes; the rest of the chunk
 * that completed it is then decoded in place again (a socket stream splits a packet at almost
 * every chunk boundary, so copying the whole next chunk would double the bytes copied).
 * Consequence: do not modify a chunk after pushing it.
 *
 * After `push` throws, the parser is unusable (it rethrows the same error): the caller closes
 * the connection.
 */
export class MqttParser {
  protocolVersion: ProtocolVersion | undefined;
  maxPacketSize: number;
  /** Bytes of the incomplete packet, by reference (allocated when a packet spans chunks). */
  private chunks: Buffer[] | undefined;
  private buffered = 0;
  /** Total size of the packet being assembled, once its header is known (0 = unknown). */
  private needed = 0;
  /** Fixed header size of that packet. */
  private neededHeader = 0;
  /** Header size found by the last complete frame() call. */
  private headerSize = 0;
  private failure: MqttCodecError | undefined;
  private before: readonly Packet[] = EMPTY;

  constructor(options: ParserOptions = {}) {
    this.protocolVersion = options.protocolVersion;
    this.maxPacketSize = Math.min(
      options.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE,
      MAX_PACKET_SIZE,
    );
  }

  /** Bytes held for an incomplete packet (never more than maxPacketSize). */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /**
   * The packets that the push which threw had completed before the bad bytes, in order (empty
   * until then). A chunk can carry valid packets ahead of a malformed one; a server handles
   * these first and then closes, as a peer reading packet by packet would (a CONNECT followed by
   * garbage in one read still connects, so its will is published on the close).
   */
  get packetsBeforeFailure(): readonly Packet[] {
    return this.before;
  }

  /** Feeds bytes; returns the packets they complete, in order. */
  push(chunk: Buffer): Packet[] {
    if (this.failure !== undefined) throw this.failure;
    if (chunk.length === 0) return EMPTY;
    try {
      let out: Packet[] = EMPTY;
      let pos = 0;
      if (this.buffered > 0) {
        const packet = this.resume(chunk);
        if (packet === undefined) return EMPTY;
        out = [packet];
        pos = this.resumedAt;
      }
      return this.scan(chunk, pos, out);
    } catch (err) {
      if (err instanceof MqttCodecError) {
        this.failure = err;
        this.chunks = undefined;
        this.buffered = 0;
      }
      throw err;
    }
  }

  /** Decodes every whole packet of `buf` from `pos`; keeps an incomplete tail by reference. */
  private scan(buf: Buffer, pos: number, out: Packet[]): Packet[] {
    const len = buf.length;
    try {
      while (pos < len) {
        const total = this.frame(buf, pos, len);
        if (total < 0 || pos + total > len) {
          (this.chunks ??= []).push(pos === 0 ? buf : buf.subarray(pos));
          this.buffered = len - pos;
          if (total > 0) {
            this.needed = total;
            this.neededHeader = this.headerSize;
          }
          break;
        }
        const packet = this.decode(buf, pos, this.headerSize, total);
        if (out === EMPTY) out = [];
        out.push(packet);
        pos += total;
      }
    } catch (err) {
      // Only on failure: what this push completed before the bad bytes (packetsBeforeFailure).
      this.before = out;
      throw err;
    }
    return out;
  }

  /** Where the chunk continues after the packet that resume() completed. */
  private resumedAt = 0;

  /**
   * Continues the pending packet with the start of `chunk`. Returns it once complete (setting
   * resumedAt), or undefined when the chunk was used up first.
   */
  private resume(chunk: Buffer): Packet | undefined {
    let pos = 0;
    if (this.needed === 0) {
      // The fixed header itself is incomplete (at most 4 bytes held): 5 bytes always decide it.
      const held = this.buffered;
      const head = Buffer.concat([...(this.chunks ?? []), chunk.subarray(0, 5)]);
      const total = this.frame(head, 0, head.length);
      if (total < 0) {
        // frame() only returns -1 when `head` ran out, i.e. the whole chunk is in it.
        this.chunks = [head];
        this.buffered = head.length;
        return undefined;
      }
      this.chunks = [head.subarray(0, this.headerSize)];
      this.buffered = this.headerSize;
      this.needed = total;
      this.neededHeader = this.headerSize;
      pos = this.headerSize - held;
    }
    const missing = this.needed - this.buffered;
    const chunks = (this.chunks ??= []);
    if (chunk.length - pos < missing) {
      chunks.push(pos === 0 ? chunk : chunk.subarray(pos));
      this.buffered += chunk.length - pos;
      return undefined;
    }
    chunks.push(chunk.subarray(pos, pos + missing));
    const whole = Buffer.concat(chunks, this.needed);
    const header = this.neededHeader;
    this.chunks = undefined;
    this.buffered = 0;
    this.needed = 0;
    this.resumedAt = pos + missing;
    return this.decode(whole, 0, header, whole.length);
  }

  /**
   * Reads the fixed header at `pos`: returns the packet's total size and sets headerSize, or
   * returns -1 if the header is not complete before `end`. Throws as soon as the first byte,
   * the Remaining Length or the size is known to be bad.
   */
  private frame(buf: Buffer, pos: number, end: number): number {
    checkFirstByte(buf[pos] as number, this.protocolVersion ?? 4);
    // Remaining Length: at most 4 bytes (3.1.1 2.2.3, 5.0 1.5.5).
    let remaining = 0;
    let multiplier = 1;
    let i = pos + 1;
    for (;;) {
      if (i >= end) {
        // Incomplete, but the smallest packet it can still be may already exceed the cap:
        // refuse now (this also keeps bufferedBytes within the cap for tiny caps).
        const atLeast = i - pos + 1 + remaining;
        if (atLeast > this.maxPacketSize) {
          throw new MqttCodecError('PACKET_TOO_LARGE', 'remainingLength', undefined, atLeast);
        }
        return -1;
      }
      const b = buf[i++] as number;
      remaining += (b & 0x7f) * multiplier;
      if (b < 0x80) break;
      if (i - pos > 4) throw new MqttCodecError('MALFORMED_REMAINING_LENGTH', 'remainingLength');
      multiplier *= 128;
    }
    const total = i - pos + remaining;
    if (total > this.maxPacketSize) {
      throw new MqttCodecError('PACKET_TOO_LARGE', 'remainingLength', undefined, total);
    }
    this.headerSize = i - pos;
    return total;
  }

  /** Decodes the packet at `buf[pos, pos + total)` whose fixed header is `header` bytes long. */
  private decode(buf: Buffer, pos: number, header: number, total: number): Packet {
    reader.reset(buf, pos + header, pos + total);
    const packet = decodePacket(buf[pos] as number, reader, this.protocolVersion ?? 4);
    if (packet.type === PacketType.CONNECT && this.protocolVersion === undefined) {
      this.protocolVersion = packet.protocolVersion;
    }
    // [MQTT-1.5.5-1] MQTT 5 requires the minimal Remaining Length encoding; 3.1/3.1.1 have no
    // such rule, so a padded length (0x80 0x00 ...) is accepted there. Checked after decoding
    // because a server learns the version from the CONNECT itself. Only multi-byte lengths
    // can be padded, so the common 1-byte case skips the test.
    if (header > 2 && this.protocolVersion === 5 && header - 1 !== vbiSize(total - header)) {
      throw new MqttCodecError('MALFORMED_REMAINING_LENGTH', 'remainingLength');
    }
    return packet;
  }
}
