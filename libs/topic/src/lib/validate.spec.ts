import { describe, expect, it } from 'vitest';
import { type TopicErrorCode } from './errors';
import {
  MAX_TOPIC_BYTES,
  utf8ByteLength,
  validateTopicFilter,
  validateTopicName,
} from './validate';

const maxAscii = 'a'.repeat(MAX_TOPIC_BYTES);

describe('validateTopicName', () => {
  it.each([
    ['a single level', 'a'],
    ['several levels', 'sport/tennis/player1'],
    ['empty levels (4.7.1.1)', '/'],
    ['a leading separator', '/finance'],
    ['a trailing separator', 'finance/'],
    ['adjacent separators', 'a//b'],
    ["a '$' topic (4.7.2)", '$SYS/broker/uptime'],
    ['spaces, dots and NATS wildcard characters', 'a b/c.d/*/>'],
    ['unicode including a surrogate pair', 'temp/°C/😀'],
    ['exactly 65535 UTF-8 bytes [MQTT-4.7.3-3]', maxAscii],
    ['exactly 65535 UTF-8 bytes of 3-byte characters', '€'.repeat(MAX_TOPIC_BYTES / 3)],
  ])('accepts %s', (_, topic) => {
    expect(validateTopicName(topic)).toBeNull();
  });

  it.each<[string, string, TopicErrorCode]>([
    ['an empty name [MQTT-4.7.3-1]', '', 'EMPTY'],
    ["'+' [MQTT-4.7.1-1]", 'a/+', 'WILDCARD_IN_TOPIC_NAME'],
    ["'+' inside a level [MQTT-4.7.1-1]", 'a+b', 'WILDCARD_IN_TOPIC_NAME'],
    ["'#' [MQTT-4.7.1-1]", 'a/#', 'WILDCARD_IN_TOPIC_NAME'],
    ["'#' alone [MQTT-4.7.1-1]", '#', 'WILDCARD_IN_TOPIC_NAME'],
    ['U+0000 [MQTT-4.7.3-2]', 'a\u0000b', 'NULL_CHARACTER'],
    ['65536 UTF-8 bytes [MQTT-4.7.3-3]', maxAscii + 'a', 'TOO_LONG'],
    ['65536 UTF-8 bytes of 2-byte characters', 'é'.repeat(32768), 'TOO_LONG'],
    ['65538 UTF-8 bytes of surrogate pairs', '😀'.repeat(16384) + 'ab', 'TOO_LONG'],
    ['a lone high surrogate [MQTT-1.5.4-1]', 'a\ud800b', 'LONE_SURROGATE'],
    ['a lone high surrogate at the end [MQTT-1.5.4-1]', 'a\ud800', 'LONE_SURROGATE'],
    ['a lone low surrogate [MQTT-1.5.4-1]', '\udc00', 'LONE_SURROGATE'],
    ['reversed surrogates [MQTT-1.5.4-1]', '\udc00\ud800', 'LONE_SURROGATE'],
  ])('rejects %s', (_, topic, code) => {
    expect(validateTopicName(topic)).toBe(code);
  });

  it('reports the first offending character', () => {
    expect(validateTopicName('a\u0000/+')).toBe('NULL_CHARACTER');
    expect(validateTopicName('+/\u0000')).toBe('WILDCARD_IN_TOPIC_NAME');
  });
});

describe('validateTopicFilter', () => {
  it.each([
    ['a name-like filter', 'sport/tennis/player1'],
    ["'#' alone [MQTT-4.7.1-2]", '#'],
    ["'#' after a separator [MQTT-4.7.1-2]", 'sport/tennis/#'],
    ["'#' after an empty level", '/#'],
    ["'+' alone [MQTT-4.7.1-3]", '+'],
    ["'+' at every level [MQTT-4.7.1-3]", '+/+/+'],
    ["'+' first, middle and last [MQTT-4.7.1-3]", '+/tennis/+/x/+'],
    ["'+' and '#' together", '+/tennis/#'],
    ["'+' around empty levels", '/+//+/'],
    ["a '$' filter", '$SYS/#'],
    ["'$share' without a slash is an ordinary filter", '$share'],
    ["'$sharex/...' is an ordinary filter", '$sharex/a/+'],
    ['exactly 65535 UTF-8 bytes [MQTT-4.7.3-3]', maxAscii],
  ])('accepts %s', (_, filter) => {
    expect(validateTopicFilter(filter)).toBeNull();
  });

  it.each<[string, string, TopicErrorCode]>([
    ['an empty filter [MQTT-4.7.3-1]', '', 'EMPTY'],
    ["'#' not last [MQTT-4.7.1-2]", 'sport/#/ranking', 'INVALID_WILDCARD_POSITION'],
    ["'#' glued to a level [MQTT-4.7.1-2]", 'sport/tennis#', 'INVALID_WILDCARD_POSITION'],
    ["'#' before a level [MQTT-4.7.1-2]", '#a', 'INVALID_WILDCARD_POSITION'],
    ["'#' followed by a separator [MQTT-4.7.1-2]", '#/', 'INVALID_WILDCARD_POSITION'],
    ["two '#' [MQTT-4.7.1-2]", 'a/##', 'INVALID_WILDCARD_POSITION'],
    ["'+' glued after a level [MQTT-4.7.1-3]", 'sport+', 'INVALID_WILDCARD_POSITION'],
    ["'+' glued before a level [MQTT-4.7.1-3]", 'sport/+tennis', 'INVALID_WILDCARD_POSITION'],
    ["'++' [MQTT-4.7.1-3]", 'a/++/b', 'INVALID_WILDCARD_POSITION'],
    ["'+#' [MQTT-4.7.1-2]", 'a/+#', 'INVALID_WILDCARD_POSITION'],
    ['U+0000 [MQTT-4.7.3-2]', 'a/\u0000/#', 'NULL_CHARACTER'],
    ['65536 UTF-8 bytes [MQTT-4.7.3-3]', maxAscii + '/', 'TOO_LONG'],
    ['a lone surrogate [MQTT-1.5.4-1]', 'a/\udfff/+', 'LONE_SURROGATE'],
  ])('rejects %s', (_, filter, code) => {
    expect(validateTopicFilter(filter)).toBe(code);
  });

  describe('shared subscriptions (MQTT 5 4.8.2)', () => {
    it.each([
      ['a plain inner filter', '$share/group/a/b'],
      ["an inner '#'", '$share/group/#'],
      ["an inner '+'", '$share/g/+/x/+'],
      ["an inner '$' filter", '$share/g/$SYS/#'],
      ['an inner filter of one empty level pair', '$share/g//'],
      ['a unicode share name', '$share/grüppe😀/a'],
      ["a share name with '$' and '.'", '$share/$a.b/a'],
    ])('accepts %s', (_, filter) => {
      expect(validateTopicFilter(filter)).toBeNull();
      expect(validateTopicFilter(filter, { allowShared: true })).toBeNull();
    });

    it.each<[string, string, TopicErrorCode]>([
      ['an empty share name [MQTT-4.8.2-1]', '$share//a', 'INVALID_SHARE_NAME'],
      ['an empty share name and nothing after [MQTT-4.8.2-1]', '$share/', 'INVALID_SHARE_NAME'],
      ["'+' in the share name [MQTT-4.8.2-2]", '$share/g+/a', 'INVALID_SHARE_NAME'],
      ["'+' as the share name [MQTT-4.8.2-2]", '$share/+/a', 'INVALID_SHARE_NAME'],
      ["'#' as the share name [MQTT-4.8.2-2]", '$share/#', 'INVALID_SHARE_NAME'],
      ['no filter after the share name [MQTT-4.8.2-2]', '$share/g', 'INVALID_SHARED_FILTER'],
      ['an empty filter after the share name [MQTT-4.8.2-2]', '$share/g/', 'INVALID_SHARED_FILTER'],
      ["an inner '#' not last [MQTT-4.7.1-2]", '$share/g/#/a', 'INVALID_WILDCARD_POSITION'],
      ["an inner glued '+' [MQTT-4.7.1-3]", '$share/g/a+', 'INVALID_WILDCARD_POSITION'],
      ['U+0000 in the share name [MQTT-4.7.3-2]', '$share/g\u0000/a', 'NULL_CHARACTER'],
      ['U+0000 in the inner filter [MQTT-4.7.3-2]', '$share/g/a\u0000', 'NULL_CHARACTER'],
      ['a lone surrogate in the share name [MQTT-1.5.4-1]', '$share/\ud800/a', 'LONE_SURROGATE'],
    ])('rejects %s', (_, filter, code) => {
      expect(validateTopicFilter(filter)).toBe(code);
    });

    it('rejects every $share/ filter with SHARED_NOT_ALLOWED when sharing is off', () => {
      expect(validateTopicFilter('$share/g/a', { allowShared: false })).toBe('SHARED_NOT_ALLOWED');
      expect(validateTopicFilter('$share/', { allowShared: false })).toBe('SHARED_NOT_ALLOWED');
      expect(validateTopicFilter('$share', { allowShared: false })).toBeNull();
      expect(validateTopicFilter('a/+', { allowShared: false })).toBeNull();
      expect(validateTopicFilter('a/#/b', { allowShared: false })).toBe(
        'INVALID_WILDCARD_POSITION',
      );
    });
  });
});

describe('utf8ByteLength', () => {
  it('agrees with Buffer.byteLength for well-formed strings', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀b€é/', '\u007f\u0080\u07ff\u0800\uffff']) {
      expect(utf8ByteLength(s), s).toBe(Buffer.byteLength(s, 'utf8'));
    }
  });

  it('counts a lone surrogate as the 3 bytes of U+FFFD', () => {
    expect(utf8ByteLength('\ud800')).toBe(3);
    expect(utf8ByteLength('\udc00\ud800')).toBe(6);
  });
});
