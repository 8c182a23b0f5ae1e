/**
 * Primitive writers used by the encoders. They trust their input: every length and value was
 * validated by the encoder's length pass, which runs before a single byte is written.
 */

/** Bytes a Variable Byte Integer takes (1.5.5). */
export function vbiSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4;
}

export function writeVbi(buf: Buffer, off: number, n: number): number {
  while (n >= 0x80) {
    buf[off++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  buf[off++] = n;
  return off;
}

export function writeU16(buf: Buffer, off: number, n: number): number {
  buf[off] = n >>> 8;
  buf[off + 1] = n & 0xff;
  return off + 2;
}

export function writeU32(buf: Buffer, off: number, n: number): number {
  buf[off] = n >>> 24;
  buf[off + 1] = (n >>> 16) & 0xff;
  buf[off + 2] = (n >>> 8) & 0xff;
  buf[off + 3] = n & 0xff;
  return off + 4;
}

/** Short ASCII strings are copied with a loop: cheaper than a native call below this size. */
const ASCII_LOOP_MAX = 24;

/**
 * UTF-8 Encoded String: 2-byte length then the bytes. `byteLength` is the encoded length that
 * utf8Length() returned for `s` (it equals s.length exactly when `s` is ASCII).
 */
export function writeUtf8(buf: Buffer, off: number, s: string, byteLength: number): number {
  buf[off] = byteLength >>> 8;
  buf[off + 1] = byteLength & 0xff;
  off += 2;
  if (byteLength === s.length) {
    if (byteLength <= ASCII_LOOP_MAX) {
      for (let i = 0; i < byteLength; i++) buf[off + i] = s.charCodeAt(i);
    } else {
      buf.write(s, off, byteLength, 'latin1');
    }
  } else {
    buf.write(s, off, byteLength, 'utf8');
  }
  return off + byteLength;
}

/** Binary Data: 2-byte length then the bytes (length checked <= 65535 by the length pass). */
export function writeBinary(buf: Buffer, off: number, data: Buffer): number {
  const n = data.length;
  buf[off] = n >>> 8;
  buf[off + 1] = n & 0xff;
  buf.set(data, off + 2);
  return off + 2 + n;
}
