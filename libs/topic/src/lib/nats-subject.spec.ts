import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topicFilter, topicName, unicodeTopicName } from '../test/arbitraries';
import {
  isLiteralNatsSubject,
  isValidNatsPattern,
  natsSubjectMatches,
  natsSubjectMatchesAny,
} from '../test/nats-matcher';
import { TopicError, type TopicErrorCode } from './errors';
import { topicMatches } from './matches';
import { filterToSubjects, subjectToTopic, topicToSubject } from './nats-subject';
import { validateTopicName } from './validate';

const P = 'mqtt.msg';

function codeOf(f: () => unknown): TopicErrorCode | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof TopicError) return e.code;
    throw e;
  }
  return undefined;
}

describe('topicToSubject / subjectToTopic', () => {
  it.each([
    ['sensors/room-1/temp', 'mqtt.msg.sensors.room-1.temp'],
    ['a', 'mqtt.msg.a'],
    ['Ünïcödé/😀/°C', 'mqtt.msg.Ünïcödé.😀.°C'],
    ['a/$b/c', 'mqtt.msg.a.$b.c'],
    ['a+b/c#', 'mqtt.msg.a+b.c#'], // not valid topic characters, but mapped; see the refusal below
    ['$SYS/broker/uptime', 'mqtt.msg$.$SYS.broker.uptime'],
    ['$', 'mqtt.msg$.$'],
    ['$/a', 'mqtt.msg$.$.a'],
    ['a.b/c', 'mqtt.msg.a%2Eb.c'],
    ['*', 'mqtt.msg.%2A'],
    ['>', 'mqtt.msg.%3E'],
    ['a*/>b', 'mqtt.msg.a%2A.%3Eb'],
    ['room 1/t', 'mqtt.msg.room%201.t'],
    ['tab\there/nl\n/cr\r/del\u007f', 'mqtt.msg.tab%09here.nl%0A.cr%0D.del%7F'],
    ['100%', 'mqtt.msg.100%25'],
    ['%', 'mqtt.msg.%25'],
    ['/', 'mqtt.msg.%.%'],
    ['/a', 'mqtt.msg.%.a'],
    ['a/', 'mqtt.msg.a.%'],
    ['a//b', 'mqtt.msg.a.%.b'],
    ['$SYS//x.y', 'mqtt.msg$.$SYS.%.x%2Ey'],
    ['\u00a0/\u3000', 'mqtt.msg.\u00a0.\u3000'], // non-ASCII spaces are multi-byte UTF-8: fine
  ])('%j ↔ %j', (topic, subject) => {
    expect(topicToSubject(topic, P)).toBe(subject);
    if (validateTopicName(topic) === null) expect(subjectToTopic(subject, P)).toBe(topic);
  });

  it('works with a single-token prefix', () => {
    expect(topicToSubject('a/b', 'm')).toBe('m.a.b');
    expect(topicToSubject('$SYS/b', 'm')).toBe('m$.$SYS.b');
    expect(subjectToTopic('m$.$SYS.b', 'm')).toBe('$SYS/b');
  });

  it('refuses what is no topic name and has no reversible mapping', () => {
    expect(codeOf(() => topicToSubject('', P))).toBe('EMPTY');
    expect(codeOf(() => topicToSubject('a/\ud800', P))).toBe('LONE_SURROGATE');
    expect(codeOf(() => topicToSubject('\udc00x', P))).toBe('LONE_SURROGATE');
  });

  it.each([
    ['another prefix', 'other.a'],
    ['a longer prefix token', 'mqtt.msgs.a'],
    ['the bare prefix', 'mqtt.msg'],
    ['the prefix and a dot', 'mqtt.msg.'],
    ['the $ prefix and a dot', 'mqtt.msg$.'],
    ['an empty token', 'mqtt.msg.a..b'],
    ['a trailing dot', 'mqtt.msg.a.'],
    ["a '$' first level outside the $ namespace [MQTT-4.7.2-1]", 'mqtt.msg.$SYS.x'],
    ["a non-'$' first level in the $ namespace", 'mqtt.msg$.SYS.x'],
    ['an escaped first $', 'mqtt.msg$.%24SYS'],
    ['a raw *', 'mqtt.msg.a.*'],
    ['a raw >', 'mqtt.msg.>'],
    ['a raw * inside a token', 'mqtt.msg.a*b'],
    ['a raw space', 'mqtt.msg.a b'],
    ['a raw tab', 'mqtt.msg.a\tb'],
    ["a raw '/'", 'mqtt.msg.a/b'],
    ["a raw '+' [MQTT-4.7.1-1]", 'mqtt.msg.a.+'],
    ["a raw '#' [MQTT-4.7.1-1]", 'mqtt.msg.#'],
    ['an escaped U+0000 [MQTT-4.7.3-2]', 'mqtt.msg.a%00'],
    ["an escaped '+'", 'mqtt.msg.%2B'],
    ['a needless escape', 'mqtt.msg.%41'],
    ["an escaped '/'", 'mqtt.msg.a%2Fb'],
    ['lower-case hex', 'mqtt.msg.a%2eb'],
    ['a truncated escape', 'mqtt.msg.a%2'],
    ['a truncated escape before a dot', 'mqtt.msg.a%2.b'],
    ["a '%' at a token end", 'mqtt.msg.a%'],
    ["'%%'", 'mqtt.msg.%%'],
    ["'%' then an escape", 'mqtt.msg.%%25'],
    ['a lone surrogate', 'mqtt.msg.\ud800'],
    ['a topic over 65535 bytes [MQTT-4.7.3-3]', 'mqtt.msg.' + 'a'.repeat(65536)],
  ])('subjectToTopic refuses %s', (_, subject) => {
    expect(codeOf(() => subjectToTopic(subject, P))).toBe('INVALID_SUBJECT');
  });
});

describe('filterToSubjects', () => {
  it.each<[string, string[]]>([
    ['sensors/room-1/temp', ['mqtt.msg.sensors.room-1.temp']],
    ['sensors/+/temp', ['mqtt.msg.sensors.*.temp']],
    ['+', ['mqtt.msg.*']],
    ['#', ['mqtt.msg.>']],
    ['a/#', ['mqtt.msg.a', 'mqtt.msg.a.>']],
    ['+/#', ['mqtt.msg.*', 'mqtt.msg.*.>']],
    ['a/+/#', ['mqtt.msg.a.*', 'mqtt.msg.a.*.>']],
    ['$SYS/#', ['mqtt.msg$.$SYS', 'mqtt.msg$.$SYS.>']],
    ['$SYS/+/x', ['mqtt.msg$.$SYS.*.x']],
    ['/+', ['mqtt.msg.%.*']],
    ['a//#', ['mqtt.msg.a.%', 'mqtt.msg.a.%.>']],
    ['a.b/*/>/ /%', ['mqtt.msg.a%2Eb.%2A.%3E.%20.%25']],
  ])('%s → %j', (filter, subjects) => {
    expect(filterToSubjects(filter, P)).toEqual(subjects);
  });
});

describe('NATS mapping properties (fast-check)', () => {
  it('is reversible and yields literal NATS subjects for any valid topic name', () => {
    fc.assert(
      fc.property(unicodeTopicName, (topic) => {
        fc.pre(validateTopicName(topic) === null);
        const subject = topicToSubject(topic, P);
        expect(isLiteralNatsSubject(subject)).toBe(true);
        expect(subjectToTopic(subject, P)).toBe(topic);
        // One token per level, after the prefix.
        expect(subject.split('.').length).toBe(2 + topic.split('/').length);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves plain levels unchanged', () => {
    const plainLevel = fc
      .array(fc.constantFrom('a', 'Z', '0', '_', '-', ':', 'é', '😀', '$'), {
        minLength: 1,
        maxLength: 8,
      })
      .map((chars) => chars.join(''))
      .filter((l) => !l.startsWith('$'));
    fc.assert(
      fc.property(fc.array(plainLevel, { minLength: 1, maxLength: 6 }), (levels) => {
        expect(topicToSubject(levels.join('/'), P)).toBe(`${P}.${levels.join('.')}`);
      }),
    );
  });

  it('subjectToTopic accepts exactly the image of topicToSubject', () => {
    const subjectChar = fc.constantFrom('a', '.', '%', '2', 'E', '$', '*', ' ', '0', 'é');
    const body = fc.array(subjectChar, { maxLength: 8 }).map((c) => c.join(''));
    fc.assert(
      fc.property(fc.constantFrom(`${P}.`, `${P}$.`, `${P}`, 'x.'), body, (head, rest) => {
        const subject = head + rest;
        let topic: string;
        try {
          topic = subjectToTopic(subject, P);
        } catch (e) {
          expect(e).toBeInstanceOf(TopicError);
          return;
        }
        expect(validateTopicName(topic)).toBeNull();
        expect(topicToSubject(topic, P)).toBe(subject);
      }),
      { numRuns: 3000 },
    );
  });

  it('a subject matches a filter subject exactly when the MQTT filter matches the topic', () => {
    fc.assert(
      fc.property(topicFilter, topicName, (filter, topic) => {
        const patterns = filterToSubjects(filter, P);
        for (const pattern of patterns) expect(isValidNatsPattern(pattern)).toBe(true);
        expect(natsSubjectMatchesAny(patterns, topicToSubject(topic, P))).toBe(
          topicMatches(filter, topic),
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('the same holds for topics built from the levels of the filter (more matches)', () => {
    // Random pairs rarely match; derive the topic from the filter so about half do.
    const levelFor = (l: string) =>
      l === '+'
        ? fc.constantFrom('', 'x', '$y', '.')
        : l === '#'
          ? fc.constantFrom<string | null>(null, '', 'z', 'z/w') // null: '#' matches the parent
          : fc.constant(l);
    const pair = topicFilter.chain((filter) =>
      fc
        .tuple(...filter.split('/').map(levelFor))
        .map((levels) => [filter, levels.filter((l) => l !== null).join('/')] as const),
    );
    fc.assert(
      fc.property(pair, ([filter, topic]) => {
        fc.pre(validateTopicName(topic) === null);
        expect(natsSubjectMatchesAny(filterToSubjects(filter, P), topicToSubject(topic, P))).toBe(
          topicMatches(filter, topic),
        );
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the test NATS matcher itself', () => {
  it.each<[string, string, boolean]>([
    ['a.b', 'a.b', true],
    ['a.*', 'a.b', true],
    ['a.*', 'a', false],
    ['a.*', 'a.b.c', false],
    ['a.>', 'a.b.c', true],
    ['a.>', 'a', false],
    ['>', 'a', true],
    ['a.b', 'a.c', false],
  ])('%s vs %s → %s', (pattern, subject, expected) => {
    expect(natsSubjectMatches(pattern, subject)).toBe(expected);
  });
});
