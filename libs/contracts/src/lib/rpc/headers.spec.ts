import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTopicHeader, encodeTopicHeader, parseQosHeader } from './headers';

/** What a NATS client does to a header value on the way: trimmed, and CR/LF are refused. */
function throughNats(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('header values cannot contain CR or LF');
  return value.trim();
}

describe('topic header', () => {
  it('keeps plain topics readable in `topic`', () => {
    expect(encodeTopicHeader('sensors/kitchen/temp')).toEqual({
      name: 'topic',
      value: 'sensors/kitchen/temp',
    });
    expect(encodeTopicHeader('a b/ü/$x')).toEqual({ name: 'topic', value: 'a b/ü/$x' });
  });

  it.each([' lead', 'trail ', 'line\nbreak', 'cr\r', '\t'])(
    'percent-encodes a topic NATS would alter: %j',
    (topic) => {
      const { name, value } = encodeTopicHeader(topic);
      expect(name).toBe('topic-pct');
      const got = decodeTopicHeader((n) => (n === name ? throughNats(value) : undefined));
      expect(got).toBe(topic);
    },
  );

  it('round-trips every string through a NATS header', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (topic) => {
        const { name, value } = encodeTopicHeader(topic);
        expect(decodeTopicHeader((n) => (n === name ? throughNats(value) : undefined))).toBe(topic);
      }),
    );
  });

  it('is undefined when absent, empty or badly encoded', () => {
    expect(decodeTopicHeader(() => undefined)).toBeUndefined();
    expect(decodeTopicHeader(() => '')).toBeUndefined();
    expect(decodeTopicHeader((n) => (n === 'topic-pct' ? '%E0%A4%A' : undefined))).toBeUndefined();
  });
});

describe('qos header', () => {
  it('reads exactly 0, 1 and 2, anything else stays a string for the DTO to refuse', () => {
    expect([parseQosHeader('0'), parseQosHeader('1'), parseQosHeader('2')]).toEqual([0, 1, 2]);
    for (const v of ['3', '01', ' 1', '1.0', '', 'x']) expect(parseQosHeader(v)).toBe(v);
    expect(parseQosHeader(undefined)).toBeUndefined();
  });
});
