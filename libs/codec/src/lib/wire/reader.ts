/**
 * A cursor over the body of ONE packet: reads never go past `end` (the end of the packet, or of
 * a property block while properties are read). Every read takes the name of the field it reads,
 * used only when it fails, so callers pass string constants and nothing is built on the hot path.
 * One Reader is shared by the parsers of a thread and re-pointed at each packet: no allocation
 * per packet or per parser.
 */
import { EMPTY_BUFFER } from '../constants';
import { MqttCodecError } from '../errors';
import { checkUtf8, UTF8_OK, UTF8_NULL } from './utf8';

/** Strings up to this length are scanned for ASCII in JavaScript; longer ones go native. */
const ASCII_SCAN_MAX = 48;

export class Reader {
  buf: Buffer = EMPTY_BUFFER;
  pos = 0;
  end = 0;

  reset(buf: Buffer, pos: number, end: number): void {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  /** Bytes left before the current bound. */
  remaining(): number {
    return this.end - this.pos;
  }

  u8(field: string): number {
    const p = this.pos;
    if (p >= this.end) throw truncated(field);
    this.pos = p + 1;
    return this.buf[p] as number;
  }

  u16(field: string): number {
    const p = this.pos;
    if (p + 2 > this.end) throw truncated(field);
    this.pos = p + 2;
    const b = this.buf;
    return ((b[p] as number) << 8) | (b[p + 1] as number);
  }

  u32(field: string): number {
    const p = this.pos;
    if (p + 4 > this.end) throw truncated(field);
    this.pos = p + 4;
    const b = this.buf;
    // Multiply the top byte instead of shifting it so values >= 2^31 stay positive.
    return (
      (b[p] as number) * 0x1000000 +
      (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number))
    );
  }

  /** Packet Identifier: two bytes, never 0 [MQTT-2.2.1-3]. */
  packetId(field: string): number {
    const id = this.u16(field);
    if (id === 0) throw new MqttCodecError('PACKET_ID_ZERO', field);
    return id;
  }

  /**
   * Variable Byte Integer inside a packet (MQTT 5 property length, identifier, subscription
   * identifier): at most 4 bytes, and using the minimum number of bytes [MQTT-1.5.5-1].
   */
  vbi(field: string): number {
    const b = this.buf;
    let p = this.pos;
    let value = 0;
    let multiplier = 1;
    for (let n = 0; n < 4; n++) {
      if (p >= this.end) throw truncated(field);
      const byte = b[p++] as number;
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) {
        // A trailing 0x00 after a continuation byte adds nothing: a non-minimal encoding.
        if (byte === 0 && n > 0) break;
        this.pos = p;
        return value;
      }
      multiplier *= 128;
    }
    throw new MqttCodecError('MALFORMED_VARIABLE_BYTE_INTEGER', field);
  }

  /** UTF-8 Encoded String (1.5.4): 2-byte length, well-formed UTF-8, no U+0000. */
  utf8(field: string): string {
    const b = this.buf;
    const p = this.pos;
    if (p + 2 > this.end) throw truncated(field);
    const start = p + 2;
    const end = start + (((b[p] as number) << 8) | (b[p + 1] as number));
    if (end > this.end) throw truncated(field);
    this.pos = end;
    if (end - start <= ASCII_SCAN_MAX) {
      // Fast path: pure ASCII (the norm for topics and ids) decodes as latin1 with no validation.
      for (let i = start; i < end; i++) {
        const c = b[i] as number;
        if (c === 0) throw new MqttCodecError('UTF8_NULL_CHARACTER', field);
        if (c >= 0x80) return utf8Slow(b, start, end, field);
      }
      return b.toString('latin1', start, end);
    }
    return utf8Slow(b, start, end, field);
  }

  /** Binary Data (1.5.6): 2-byte length then bytes. The result aliases the input buffer. */
  binary(field: string): Buffer {
    const b = this.buf;
    const p = this.pos;
    if (p + 2 > this.end) throw truncated(field);
    const start = p + 2;
    const end = start + (((b[p] as number) << 8) | (b[p + 1] as number));
    if (end > this.end) throw truncated(field);
    this.pos = end;
    return start === end ? EMPTY_BUFFER : b.subarray(start, end);
  }

  /** Everything up to the bound (a PUBLISH payload). Aliases the input buffer. */
  rest(): Buffer {
    const start = this.pos;
    const end = this.end;
    this.pos = end;
    return start === end ? EMPTY_BUFFER : this.buf.subarray(start, end);
  }

  /** The packet must end here: anything left is TRAILING_BYTES. */
  expectEnd(field: string): void {
    if (this.pos !== this.end) throw new MqttCodecError('TRAILING_BYTES', field);
  }
}

function utf8Slow(b: Buffer, start: number, end: number, field: string): string {
  const check = checkUtf8(b, start, end);
  if (check !== UTF8_OK) {
    throw new MqttCodecError(check === UTF8_NULL ? 'UTF8_NULL_CHARACTER' : 'INVALID_UTF8', field);
  }
  return b.toString('utf8', start, end);
}

function truncated(field: string): MqttCodecError {
  return new MqttCodecError('TRUNCATED', field);
}
