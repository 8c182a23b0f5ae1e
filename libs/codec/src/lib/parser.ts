import { DEFAULT_MAX_PACKET_SIZE, MAX_PACKET_SIZE } from './constants';
import { checkFirstByte, decodePacket } from './decode/decode-packet';
import { MqttCodecError } from './errors';
import { type Packet, PacketType, type ProtocolVersion } from './types';
import { Reader } from './wire/reader';

export interface ParserOptions {
  /** Largest whole packet accepted (fixed header included). Default 1 MiB; at most 268435460. */
  maxPacketSize?: number;
  /** Fixed protocol version (clients). A server parser leaves it unset and adopts CONNECT's. */
  protocolVersion?: ProtocolVersion;
}

const EMPTY: Packet[] = [];

/**
 * Streaming MQTT parser. Frames first: as soon as a fixed header is complete, the packet's total
 * size is checked against `maxPacketSize`, so nothing past the cap is ever buffered. A packet
 * that spans chunks is assembled once (chunks are collected until its size is reached, then
 * concatenated), not re-copied per chunk. Decoded PUBLISH payloads are views of the input.
 *
 * After `push` throws, the parser is unusable: the caller closes the connection.
 */
export class MqttParser {
  protocolVersion: ProtocolVersion | undefined;
  maxPacketSize: number;
  private readonly reader = new Reader();
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Total size of the packet being assembled, once its header is known (0 = unknown). */
  private needed = 0;

  constructor(options: ParserOptions = {}) {
    this.protocolVersion = options.protocolVersion;
    this.maxPacketSize = Math.min(
      options.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE,
      MAX_PACKET_SIZE,
    );
  }

  /** Bytes held for an incomplete packet. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Feeds bytes; returns the packets they complete, in order. */
  push(chunk: Buffer): Packet[] {
    if (chunk.length === 0) return EMPTY;
    let buf = chunk;
    if (this.buffered > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      // Still short of a known packet size: keep collecting without copying.
      if (this.needed > 0 && this.buffered < this.needed) return EMPTY;
      buf =
        this.chunks.length === 1
          ? (this.chunks[0] as Buffer)
          : Buffer.concat(this.chunks, this.buffered);
      this.chunks = [];
      this.buffered = 0;
      this.needed = 0;
    }
    let out: Packet[] = EMPTY;
    const len = buf.length;
    let pos = 0;
    while (pos < len) {
      const byte1 = buf[pos] as number;
      const version = this.protocolVersion ?? 4;
      checkFirstByte(byte1, version);
      // Remaining Length: at most 4 bytes [MQTT-2.2.3 / 1.5.5].
      let remaining = 0;
      let multiplier = 1;
      let i = pos + 1;
      let complete = false;
      while (i < len) {
        const b = buf[i++] as number;
        remaining += (b & 0x7f) * multiplier;
        if (b < 0x80) {
          complete = true;
          break;
        }
        if (i - pos > 4) throw new MqttCodecError('MALFORMED_REMAINING_LENGTH', 'remainingLength');
        multiplier *= 128;
      }
      if (!complete) {
        if (i - pos > 4) throw new MqttCodecError('MALFORMED_REMAINING_LENGTH', 'remainingLength');
        break; // header incomplete: wait for more bytes
      }
      const total = i - pos + remaining;
      if (total > this.maxPacketSize) {
        throw new MqttCodecError('PACKET_TOO_LARGE', 'remainingLength', undefined, total);
      }
      if (pos + total > len) {
        this.needed = total;
        break;
      }
      const r = this.reader;
      r.reset(buf, i, pos + total);
      const packet = decodePacket(byte1, r, version);
      if (packet.type === PacketType.CONNECT && this.protocolVersion === undefined) {
        this.protocolVersion = packet.protocolVersion;
      }
      if (out === EMPTY) out = [];
      out.push(packet);
      pos += total;
    }
    if (pos < len) {
      const rest = pos === 0 ? buf : buf.subarray(pos);
      this.chunks.push(rest);
      this.buffered = rest.length;
    }
    return out;
  }
}
