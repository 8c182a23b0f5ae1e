/**
 * UTF-8 rules of MQTT (1.5.4): strings must be well-formed UTF-8 [MQTT-1.5.4-1] (no encoded
 * surrogates U+D800..U+DFFF, no overlong forms, nothing above U+10FFFF) and must not contain
 * U+0000 [MQTT-1.5.4-2]. A BOM (EF BB BF) is kept as a normal character [MQTT-1.5.4-3].
 * Control characters and non-characters are only SHOULD NOTs; the codec passes them through
 * (a server that wants to refuse them does so in the protocol layer).
 */
import { isUtf8 } from 'node:buffer';

/** Result of {@link checkUtf8}: the bytes are acceptable. */
export const UTF8_OK = 0;
/** Result of {@link checkUtf8}: ill-formed UTF-8 or an encoded surrogate. */
export const UTF8_ILL_FORMED = 1;
/** Result of {@link checkUtf8}: contains U+0000. */
export const UTF8_NULL = 2;

/** Above this many bytes the native (simdutf) validator beats the JavaScript loop. */
const NATIVE_THRESHOLD = 48;

/**
 * Checks `buf[start, end)` against the MQTT UTF-8 rules. Returns UTF8_OK, UTF8_ILL_FORMED or
 * UTF8_NULL (the first problem found in byte order for short strings).
 */
export function checkUtf8(buf: Buffer, start: number, end: number): number {
  if (end - start > NATIVE_THRESHOLD) {
    const view = buf.subarray(start, end);
    if (!isUtf8(view)) return UTF8_ILL_FORMED;
    return view.indexOf(0) === -1 ? UTF8_OK : UTF8_NULL;
  }
  let i = start;
  while (i < end) {
    const c = buf[i] as number;
    if (c < 0x80) {
      if (c === 0) return UTF8_NULL;
      i++;
      continue;
    }
    // 0x80-0xC1: stray continuation byte or overlong 2-byte lead (C0/C1).
    if (c < 0xc2) return UTF8_ILL_FORMED;
    if (c < 0xe0) {
      if (i + 1 >= end || ((buf[i + 1] as number) & 0xc0) !== 0x80) return UTF8_ILL_FORMED;
      i += 2;
      continue;
    }
    if (c < 0xf0) {
      if (i + 2 >= end) return UTF8_ILL_FORMED;
      const c1 = buf[i + 1] as number;
      if ((c1 & 0xc0) !== 0x80 || ((buf[i + 2] as number) & 0xc0) !== 0x80) return UTF8_ILL_FORMED;
      // E0 80..9F is overlong; ED A0..BF encodes a surrogate (U+D800..U+DFFF).
      if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 >= 0xa0)) return UTF8_ILL_FORMED;
      i += 3;
      continue;
    }
    if (c < 0xf5) {
      if (i + 3 >= end) return UTF8_ILL_FORMED;
      const c1 = buf[i + 1] as number;
      if (
        (c1 & 0xc0) !== 0x80 ||
        ((buf[i + 2] as number) & 0xc0) !== 0x80 ||
        ((buf[i + 3] as number) & 0xc0) !== 0x80
      ) {
        return UTF8_ILL_FORMED;
      }
      // F0 80..8F is overlong; F4 90..BF is above U+10FFFF.
      if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 >= 0x90)) return UTF8_ILL_FORMED;
      i += 4;
      continue;
    }
    return UTF8_ILL_FORMED; // F5..FF never appear in UTF-8
  }
  return UTF8_OK;
}

/**
 * Encoded UTF-8 length of a JavaScript string, checking the same rules on the way out: a lone
 * surrogate (which Buffer.write would silently turn into U+FFFD) returns -1, U+0000 returns -2.
 * Strings are short in MQTT (topics, ids), where this loop beats a native call plus a scan.
 */
export function utf8Length(s: string): number {
  const n = s.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0) return -2;
    } else if (c < 0x800) {
      bytes += 1;
    } else if (c < 0xd800 || c > 0xdfff) {
      bytes += 2;
    } else {
      // A high surrogate followed by a low one is one 4-byte code point (2 UTF-16 units).
      if (c > 0xdbff || i + 1 >= n) return -1;
      const d = s.charCodeAt(i + 1);
      if (d < 0xdc00 || d > 0xdfff) return -1;
      i++;
      bytes += 2;
    }
  }
  return bytes;
}
