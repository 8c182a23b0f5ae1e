import { TopicError } from './errors';
import { tooLong } from './validate';

/*
 * MQTT topic <-> NATS subject mapping. The README ("NATS subject mapping") gives the rules, the
 * examples and why it is reversible and keeps wildcard semantics; in short:
 *
 * - each MQTT level becomes one NATS token, '/' becomes '.';
 * - in a level, '%' followed by two upper-case hex digits stands for one of the characters NATS
 *   cannot carry in a token: ASCII controls and space (0x00-0x20), DEL, '.', '*', '>' and '%';
 * - an empty level becomes the token '%' (no escaped level is ever just '%');
 * - topics whose first level starts with '$' live under `${prefix}$` instead of `${prefix}`, so
 *   the subjects of filters starting with '+' or '#' (`${prefix}.*`, `${prefix}.>`) never reach
 *   them [MQTT-4.7.2-1].
 */

const DOT = 0x2e;
const SLASH = 0x2f;
const DOLLAR = 0x24;
const PERCENT = 0x25;

/** 1 for ASCII characters written `%XX` in a token. */
const ESCAPED = new Uint8Array(128);
for (let c = 0; c <= 0x20; c++) ESCAPED[c] = 1;
for (const c of [0x7f, DOT, 0x2a /* * */, 0x3e /* > */, PERCENT]) ESCAPED[c] = 1;

/**
 * 1 for ASCII characters that a subject made by `topicToSubject` never holds raw in a token: the
 * escaped ones except '.' (the separator) and '%' (the escape), plus '/', '+' and '#', which a
 * valid topic name cannot produce ('/' became '.').
 */
const REJECTED_RAW = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (ESCAPED[c] === 1) REJECTED_RAW[c] = 1;
REJECTED_RAW[DOT] = 0;
REJECTED_RAW[PERCENT] = 0;
for (const c of [SLASH, 0x2b /* + */, 0x23 /* # */]) REJECTED_RAW[c] = 1;

const HEX = '0123456789ABCDEF';
const EMPTY_LEVEL_TOKEN = '%';

/** `${prefix}.` or `${prefix}$.` depending on whether the topic or filter starts with '$'. */
function head(topicOrFilter: string, prefix: string): string {
  return topicOrFilter.charCodeAt(0) === DOLLAR ? prefix + '$.' : prefix + '.';
}

/**
 * The NATS subject carrying messages published to `topic` (a valid topic name), under `prefix`
 * (one or more literal NATS tokens, e.g. `mqtt.msg`). `sensors/room-1/temp` →
 * `mqtt.msg.sensors.room-1.temp`; `$SYS/x` → `mqtt.msg$.$SYS.x`; `a.b/ /` → `mqtt.msg.a%2Eb.%20.%`.
 *
 * Hot path: a topic needing no escape costs one scan and one replace of '/' by '.'. Throws
 * `TopicError` `EMPTY` or `LONE_SURROGATE` for strings that are no topic name and cannot be mapped
 * reversibly; other invalid names ('+', '#', U+0000, too long) are mapped but `subjectToTopic`
 * refuses them back.
 */
export function topicToSubject(topic: string, prefix: string): string {
  const len = topic.length;
  if (len === 0) throw new TopicError('EMPTY', 'empty topic name');
  let lastSlash = -1;
  for (let i = 0; i < len; i++) {
    const c = topic.charCodeAt(i);
    if (c < 128) {
      if (c === SLASH) {
        if (i === lastSlash + 1) return head(topic, prefix) + encodeLevels(topic);
        lastSlash = i;
      } else if (ESCAPED[c] === 1) return head(topic, prefix) + encodeLevels(topic);
    } else if (c >= 0xd800 && c <= 0xdfff) return head(topic, prefix) + encodeLevels(topic);
  }
  if (lastSlash === len - 1) return head(topic, prefix) + encodeLevels(topic);
  return head(topic, prefix) + topic.replaceAll('/', '.');
}

/** Slow path: encodes every level, escaping characters and empty levels. */
function encodeLevels(topic: string): string {
  let out = '';
  let levelStart = 0;
  const len = topic.length;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? topic.charCodeAt(i) : SLASH;
    if (c === SLASH) {
      if (i === levelStart) out += EMPTY_LEVEL_TOKEN;
      if (i < len) out += '.';
      levelStart = i + 1;
    } else if (c < 128 && ESCAPED[c] === 1) {
      out += '%' + HEX.charAt(c >> 4) + HEX.charAt(c & 15);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const low = topic.charCodeAt(i + 1);
      if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) {
        throw new TopicError('LONE_SURROGATE', `lone surrogate at ${i} in topic name`);
      }
      out += topic.slice(i, i + 2);
      i++;
    } else {
      out += topic.charAt(i);
    }
  }
  return out;
}

function invalidSubject(subject: string, why: string): TopicError {
  return new TopicError('INVALID_SUBJECT', `${JSON.stringify(subject)}: ${why}`);
}

/**
 * The topic name of a subject made by `topicToSubject(topic, prefix)`. Throws `TopicError`
 * `INVALID_SUBJECT` for any subject `topicToSubject` cannot produce from a valid topic name (other
 * prefix, empty token, raw '*', '>', whitespace, '/', '+' or '#', bad or needless escape, `%00`,
 * a lone `%` token as the whole topic (that would be the empty name),
 * '$' first level outside `${prefix}$`, too long), so
 * `topicToSubject(subjectToTopic(s, p), p) === s` whenever it returns.
 */
export function subjectToTopic(subject: string, prefix: string): string {
  const plen = prefix.length;
  if (!subject.startsWith(prefix)) throw invalidSubject(subject, 'other prefix');
  let start: number;
  let dollar: boolean;
  if (subject.charCodeAt(plen) === DOT) {
    start = plen + 1;
    dollar = false;
  } else if (subject.charCodeAt(plen) === DOLLAR && subject.charCodeAt(plen + 1) === DOT) {
    start = plen + 2;
    dollar = true;
  } else throw invalidSubject(subject, 'other prefix');

  const len = subject.length;
  if (start === len) throw invalidSubject(subject, 'no topic level');
  if ((subject.charCodeAt(start) === DOLLAR) !== dollar) {
    throw invalidSubject(subject, dollar ? `no '$' after ${prefix}$` : `'$' level after ${prefix}`);
  }
  let escapes = false;
  let lastDot = start - 1;
  for (let i = start; i < len; i++) {
    const c = subject.charCodeAt(i);
    if (c < 128) {
      if (c === DOT) {
        if (i === lastDot + 1) throw invalidSubject(subject, 'empty token');
        lastDot = i;
      } else if (c === PERCENT) escapes = true;
      else if (REJECTED_RAW[c] === 1) throw invalidSubject(subject, `raw character ${c}`);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const low = subject.charCodeAt(i + 1);
      if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) {
        throw invalidSubject(subject, 'lone surrogate');
      }
      i++;
    }
  }
  if (lastDot === len - 1) throw invalidSubject(subject, 'empty token');
  const topic = escapes ? decodeTokens(subject, start) : subject.slice(start).replaceAll('.', '/');
  // The lone token '%' would be the topic '' (one empty level), which is no topic name [MQTT-4.7.3-1].
  if (topic.length === 0) throw invalidSubject(subject, 'empty topic name');
  if (tooLong(topic)) throw invalidSubject(subject, 'topic name over 65535 bytes');
  return topic;
}

/** Slow path: the tokens hold escapes (the raw characters were checked by the caller). */
function decodeTokens(subject: string, start: number): string {
  let out = '';
  let tokenStart = start;
  const len = subject.length;
  for (let i = start; i < len; i++) {
    const c = subject.charCodeAt(i);
    if (c === DOT) {
      out += '/';
      tokenStart = i + 1;
    } else if (c === PERCENT) {
      const tokenEnd = i + 1 === len || subject.charCodeAt(i + 1) === DOT;
      if (tokenEnd && i === tokenStart) continue; // the empty-level token '%'
      const code = hexByte(subject.charCodeAt(i + 1), subject.charCodeAt(i + 2));
      // Only what topicToSubject escapes, and never U+0000 [MQTT-4.7.3-2].
      if (code <= 0 || ESCAPED[code] !== 1) throw invalidSubject(subject, `bad escape at ${i}`);
      out += String.fromCharCode(code);
      i += 2;
    } else {
      out += subject.charAt(i);
    }
  }
  return out;
}

/** The value of two upper-case hex digits (as topicToSubject writes them), or -1. */
function hexByte(hi: number, lo: number): number {
  const h = hexDigit(hi);
  const l = hexDigit(lo);
  return h < 0 || l < 0 ? -1 : (h << 4) | l;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1; // also for NaN (past the end)
}

/**
 * The NATS subjects to subscribe to so that a subject made by `topicToSubject(topic, prefix)`
 * matches one of them exactly when `filter` (a valid, non-shared topic filter) matches `topic`
 * (`topicMatches`). Levels are encoded as in `topicToSubject`; '+' → `*`; a trailing '#' → the
 * parent subject and the parent followed by `>` ('#' also matches the parent level
 * [MQTT-4.7.1-2]); `#` alone → `${prefix}.>`. Filters starting with '+' or '#' map under
 * `${prefix}`, never `${prefix}$`, so they do not match '$' topics [MQTT-4.7.2-1].
 *
 * `sensors/+/temp` → [`mqtt.msg.sensors.*.temp`]; `a/#` → [`mqtt.msg.a`, `mqtt.msg.a.>`];
 * `$SYS/#` → [`mqtt.msg$.$SYS`, `mqtt.msg$.$SYS.>`].
 */
export function filterToSubjects(filter: string, prefix: string): string[] {
  if (filter === '#') return [prefix + '.>'];
  const levels = filter.split('/');
  const multi = levels[levels.length - 1] === '#';
  if (multi) levels.pop();
  let subject = head(filter, prefix);
  let first = true;
  for (const level of levels) {
    if (!first) subject += '.';
    first = false;
    subject += level === '+' ? '*' : encodeLevels(level); // encodeLevels('') is the '%' token
  }
  return multi ? [subject, subject + '.>'] : [subject];
}
