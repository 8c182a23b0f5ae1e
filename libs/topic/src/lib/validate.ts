import { SHARE_PREFIX } from './shared';
import { type TopicErrorCode } from './errors';

/** Longest topic name or filter, in UTF-8 bytes [MQTT-4.7.3-3] (a UTF-8 Encoded String, 1.5.4). */
export const MAX_TOPIC_BYTES = 65535;

const SLASH = 0x2f;
const PLUS = 0x2b;
const HASH = 0x23;

/** Bytes of `s` encoded as UTF-8; a lone surrogate counts 3 (it would be sent as U+FFFD). */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Every UTF-16 unit is 1 to 3 UTF-8 bytes, so only strings between these bounds need counting. */
export function tooLong(s: string): boolean {
  if (s.length <= MAX_TOPIC_BYTES / 3) return false;
  if (s.length > MAX_TOPIC_BYTES) return true;
  return utf8ByteLength(s) > MAX_TOPIC_BYTES;
}

/**
 * Checks a surrogate at `i`: returns the index of its last unit (i + 1 for a valid pair) or -1
 * for a lone surrogate [MQTT-1.5.4-1].
 */
function surrogateEnd(s: string, i: number, c: number): number {
  return c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1)) ? i + 1 : -1;
}

/**
 * Returns null when `topic` is a valid topic name (as in PUBLISH or a Will): non-empty
 * [MQTT-4.7.3-1], no '+' or '#' [MQTT-4.7.1-1], no U+0000 [MQTT-4.7.3-2], at most 65535 UTF-8
 * bytes [MQTT-4.7.3-3], well-formed UTF-16 so it has a UTF-8 encoding [MQTT-1.5.4-1]. The first
 * offending character decides the code.
 */
export function validateTopicName(topic: string): TopicErrorCode | null {
  if (topic.length === 0) return 'EMPTY';
  if (tooLong(topic)) return 'TOO_LONG';
  for (let i = 0; i < topic.length; i++) {
    const c = topic.charCodeAt(i);
    // Everything of interest ('\0', '#', '+', surrogates) is outside this range.
    if (c > PLUS && c < 0xd800) continue;
    if (c === 0) return 'NULL_CHARACTER';
    if (c === PLUS || c === HASH) return 'WILDCARD_IN_TOPIC_NAME';
    if (c >= 0xd800 && c <= 0xdfff) {
      const end = surrogateEnd(topic, i, c);
      if (end < 0) return 'LONE_SURROGATE';
      i = end;
    }
  }
  return null;
}

export interface ValidateFilterOptions {
  /**
   * Accept shared subscriptions `$share/{group}/{filter}` (MQTT 5 4.8.2). Default true. When false,
   * a filter starting with `$share/` is rejected with `SHARED_NOT_ALLOWED` (MQTT 5 reason code
   * 0x9E) instead of being taken as a literal filter.
   */
  allowShared?: boolean;
}

/**
 * Returns null when `filter` is a valid topic filter (as in SUBSCRIBE / UNSUBSCRIBE): non-empty
 * [MQTT-4.7.3-1], '#' only as the whole last level [MQTT-4.7.1-2], '+' only as a whole level
 * [MQTT-4.7.1-3], no U+0000 [MQTT-4.7.3-2], at most 65535 UTF-8 bytes [MQTT-4.7.3-3], no lone
 * surrogate [MQTT-1.5.4-1].
 *
 * A filter starting with `$share/` is a shared subscription (MQTT 5 4.8.2): the share name must be
 * non-empty and free of '+' and '#' ('/' ends it) [MQTT-4.8.2-1], [MQTT-4.8.2-2]
 * (`INVALID_SHARE_NAME`), and be followed by '/' and a non-empty filter (`INVALID_SHARED_FILTER`)
 * which is then checked as above (its own code, e.g. `INVALID_WILDCARD_POSITION`). `$share`
 * without the slash, or `$sharex/...`, is an ordinary filter.
 */
export function validateTopicFilter(
  filter: string,
  options?: ValidateFilterOptions,
): TopicErrorCode | null {
  if (filter.length === 0) return 'EMPTY';
  if (tooLong(filter)) return 'TOO_LONG';
  if (!filter.startsWith(SHARE_PREFIX)) return scanFilter(filter, 0);

  if (options?.allowShared === false) return 'SHARED_NOT_ALLOWED';
  const start = SHARE_PREFIX.length;
  const slash = filter.indexOf('/', start);
  const groupEnd = slash === -1 ? filter.length : slash;
  if (groupEnd === start) return 'INVALID_SHARE_NAME';
  for (let i = start; i < groupEnd; i++) {
    const c = filter.charCodeAt(i);
    if (c > PLUS && c < 0xd800) continue;
    if (c === 0) return 'NULL_CHARACTER';
    if (c === PLUS || c === HASH) return 'INVALID_SHARE_NAME';
    if (c >= 0xd800 && c <= 0xdfff) {
      const end = surrogateEnd(filter, i, c);
      if (end < 0) return 'LONE_SURROGATE';
      i = end;
    }
  }
  if (slash === -1 || slash === filter.length - 1) return 'INVALID_SHARED_FILTER';
  return scanFilter(filter, slash + 1);
}

/**
 * Syntax of an ordinary (non-shared) filter: `$share/...` is taken literally. For stores that treat
 * filters as strings, like the subscription index.
 */
export function validatePlainTopicFilter(filter: string): TopicErrorCode | null {
  if (filter.length === 0) return 'EMPTY';
  if (tooLong(filter)) return 'TOO_LONG';
  return scanFilter(filter, 0);
}

/** Validates the plain filter `s.slice(from)` without copying it. */
function scanFilter(s: string, from: number): TopicErrorCode | null {
  const last = s.length - 1;
  for (let i = from; i <= last; i++) {
    const c = s.charCodeAt(i);
    if (c > SLASH && c < 0xd800) continue;
    if (c === PLUS) {
      const alone =
        (i === from || s.charCodeAt(i - 1) === SLASH) &&
        (i === last || s.charCodeAt(i + 1) === SLASH);
      if (!alone) return 'INVALID_WILDCARD_POSITION';
    } else if (c === HASH) {
      if (i !== last || (i !== from && s.charCodeAt(i - 1) !== SLASH)) {
        return 'INVALID_WILDCARD_POSITION';
      }
    } else if (c === 0) {
      return 'NULL_CHARACTER';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const end = surrogateEnd(s, i, c);
      if (end < 0) return 'LONE_SURROGATE';
      i = end;
    }
  }
  return null;
}
