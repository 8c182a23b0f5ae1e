import { describe, expect, it } from 'vitest';
import { type TopicMatcher } from '../lib/topic-matcher';

export interface Sub {
  qos: 0 | 1 | 2;
}

type Visit = [key: string, qos: number, filter: string];

/** Every (key, qos, filter) visited for `topic`, sorted so order does not matter. */
export function visits(matcher: TopicMatcher<string, Sub>, topic: string): Visit[] {
  const out: Visit[] = [];
  matcher.match(topic, (key, value, filter) => out.push([key, value.qos, filter]));
  return out.sort((a, b) => (a.join('\u0001') < b.join('\u0001') ? -1 : 1));
}

/** The filters that matched `topic` (sorted, with repeats when several keys share one). */
function matchedFilters(matcher: TopicMatcher<string, Sub>, topic: string): string[] {
  return visits(matcher, topic).map(([, , filter]) => filter);
}

function withFilters(factory: () => TopicMatcher<string, Sub>, filters: string[]) {
  const matcher = factory();
  filters.forEach((filter, i) => matcher.add(filter, `k${i}`, { qos: 1 }));
  return matcher;
}

/**
 * The behaviour every topic matcher shares (MQTT 3.1.1 / 5, section 4.7), run against each
 * implementation (like mqemitter's abstractTest.js). `factory` returns an empty matcher.
 */
export function describeMatcherContract(
  name: string,
  factory: () => TopicMatcher<string, Sub>,
): void {
  /** Asserts which of `topics` each single filter matches, and that hasMatch agrees. */
  function expectMatches(filter: string, yes: string[], no: string[]): void {
    const matcher = withFilters(factory, [filter]);
    for (const topic of yes) {
      expect(matchedFilters(matcher, topic), `${filter} should match ${topic}`).toEqual([filter]);
      expect(matcher.hasMatch(topic), `hasMatch ${topic}`).toBe(true);
    }
    for (const topic of no) {
      expect(matchedFilters(matcher, topic), `${filter} should not match ${topic}`).toEqual([]);
      expect(matcher.hasMatch(topic), `hasMatch ${topic}`).toBe(false);
    }
  }

  describe(`topic matcher contract: ${name}`, () => {
    describe('matching', () => {
      it('matches a filter without wildcards exactly, case sensitive [MQTT-4.7.3-4]', () => {
        expectMatches('a/b', ['a/b'], ['a', 'a/c', 'a/b/c', 'A/b', 'a/B', 'a/b/', '/a/b', 'ab']);
        expectMatches('sport', ['sport'], ['Sport', 'sport/', 'sports']);
      });

      it("'+' matches exactly one level, an empty one too [MQTT-4.7.1-3]", () => {
        expectMatches(
          'sport/tennis/+',
          ['sport/tennis/player1', 'sport/tennis/player2', 'sport/tennis/'],
          ['sport/tennis/player1/ranking', 'sport/tennis'],
        );
        expectMatches('sport/+', ['sport/', 'sport/x'], ['sport', 'sport/x/y']);
        expectMatches('+', ['a', 'finance'], ['a/b', '/finance', '/']);
        expectMatches('+/+', ['/finance', '/', 'a/b'], ['a', 'a/b/c']);
        expectMatches('/+', ['/finance', '/'], ['finance', 'a/b']);
        expectMatches('a/+/c', ['a/b/c', 'a//c'], ['a/c', 'a/b/d', 'a/b/c/d']);
      });

      it("'#' matches any number of levels, the parent level included [MQTT-4.7.1-2]", () => {
        expectMatches(
          'sport/tennis/player1/#',
          [
            'sport/tennis/player1',
            'sport/tennis/player1/ranking',
            'sport/tennis/player1/score/wimbledon',
            'sport/tennis/player1/',
          ],
          ['sport/tennis', 'sport/tennis/player2', 'sport/tennis/player10'],
        );
        expectMatches(
          'sport/#',
          ['sport', 'sport/', 'sport/a/b/c'],
          ['sports', 'Sport', 'x/sport'],
        );
        expectMatches('#', ['a', '/', 'a/b/c', '//', 'x/'], []);
        expectMatches('a/+/#', ['a/b', 'a/', 'a/b/c', 'a//'], ['a', 'b/a']);
        expectMatches('+/#', ['a', '/', 'a/b'], []);
      });

      it('treats empty levels as levels (4.7.1.1)', () => {
        expectMatches('a//b', ['a//b'], ['a/b', 'a///b', 'a/b/b']);
        expectMatches('/', ['/'], ['//', 'a/', 'a']);
        expectMatches('a/', ['a/'], ['a', 'a//']);
        expectMatches('/a', ['/a'], ['a', '//a']);
        expectMatches('//#', ['/', '//', '//a'], ['a', '/a']);
      });

      it("wildcards as first level do not match topics starting with '$' [MQTT-4.7.2-1]", () => {
        expectMatches('#', ['a', '/$SYS', 'a/$SYS'], ['$SYS', '$SYS/broker', '$', '$/x']);
        expectMatches('+/monitor/Clients', ['x/monitor/Clients'], ['$SYS/monitor/Clients']);
        expectMatches('+', ['SYS'], ['$SYS']);
        expectMatches('+/#', ['a/b'], ['$SYS/b', '$SYS']);
        expectMatches(
          '$SYS/#',
          ['$SYS', '$SYS/x', '$SYS/broker/uptime'],
          ['$SYSx', 'SYS/x', '$sys/x'],
        );
        expectMatches('$SYS/monitor/+', ['$SYS/monitor/Clients'], ['$SYS/monitor']);
        expectMatches('$SYS', ['$SYS'], ['$SYS/']);
        expectMatches('a/+', ['a/$b'], []);
        expectMatches('a/#', ['a/$b/c'], []);
      });

      it('visits a key once per overlapping filter, with that filter and its value', () => {
        const matcher = factory();
        matcher.add('a/b', 'k', { qos: 0 });
        matcher.add('a/+', 'k', { qos: 1 });
        matcher.add('a/#', 'k', { qos: 2 });
        matcher.add('#', 'k', { qos: 1 });
        matcher.add('+/+', 'k', { qos: 0 });
        matcher.add('a/c', 'k', { qos: 2 });
        expect(visits(matcher, 'a/b')).toEqual([
          ['k', 0, '+/+'],
          ['k', 0, 'a/b'],
          ['k', 1, '#'],
          ['k', 1, 'a/+'],
          ['k', 2, 'a/#'],
        ]);
        expect(visits(matcher, 'a')).toEqual([
          ['k', 1, '#'],
          ['k', 2, 'a/#'],
        ]);
      });

      it('visits every key of a filter once, also with many keys', () => {
        const matcher = factory();
        for (let i = 0; i < 100; i++) matcher.add('x/+', `k${i}`, { qos: (i % 3) as Sub['qos'] });
        matcher.add('x/y', 'k0', { qos: 2 });
        const got = visits(matcher, 'x/y');
        expect(got).toHaveLength(101);
        expect(got.filter(([, , filter]) => filter === 'x/+').map(([key]) => key)).toEqual(
          Array.from({ length: 100 }, (_, i) => `k${i}`).sort(),
        );
        expect(got.find(([key]) => key === 'k5')).toEqual(['k5', 2, 'x/+']);
        for (let i = 0; i < 100; i += 2) expect(matcher.remove('x/+', `k${i}`)).toBe(true);
        const left = visits(matcher, 'x/z');
        expect(left.map(([key]) => key)).toEqual(
          Array.from({ length: 50 }, (_, i) => `k${2 * i + 1}`).sort(),
        );
        expect(left.find(([key]) => key === 'k7')).toEqual(['k7', 1, 'x/+']);
        expect(matcher.size).toBe(51);
      });

      it('visits nothing and reports no match when empty', () => {
        const matcher = factory();
        expect(visits(matcher, 'a')).toEqual([]);
        expect(matcher.hasMatch('a')).toBe(false);
        expect(matcher.hasMatch('$SYS/x')).toBe(false);
      });
    });

    describe('add and replace', () => {
      it('returns true for a new pair and false when replacing; the new value wins', () => {
        const matcher = factory();
        expect(matcher.add('a/+', 'k', { qos: 0 })).toBe(true);
        expect(matcher.add('a/+', 'k', { qos: 2 })).toBe(false);
        expect(matcher.size).toBe(1);
        expect(matcher.get('a/+', 'k')).toEqual({ qos: 2 });
        expect(visits(matcher, 'a/b')).toEqual([['k', 2, 'a/+']]);
        expect(matcher.add('a/+', 'other', { qos: 1 })).toBe(true);
        expect(matcher.add('a/#', 'k', { qos: 1 })).toBe(true);
        expect(matcher.size).toBe(3);
      });

      it('gets undefined for absent pairs', () => {
        const matcher = withFilters(factory, ['a/b']);
        expect(matcher.get('a/b', 'k0')).toEqual({ qos: 1 });
        expect(matcher.get('a/b', 'k1')).toBeUndefined();
        expect(matcher.get('a', 'k0')).toBeUndefined();
        expect(matcher.get('a/+', 'k0')).toBeUndefined();
        expect(matcher.get('a/b/c', 'k0')).toBeUndefined();
      });
    });

    describe('remove', () => {
      it('removes one pair and leaves the others', () => {
        const matcher = factory();
        matcher.add('a/b', 'k1', { qos: 1 });
        matcher.add('a/b', 'k2', { qos: 2 });
        matcher.add('a/#', 'k1', { qos: 0 });
        expect(matcher.remove('a/b', 'k1')).toBe(true);
        expect(visits(matcher, 'a/b')).toEqual([
          ['k1', 0, 'a/#'],
          ['k2', 2, 'a/b'],
        ]);
        expect(matcher.size).toBe(2);
        expect(matcher.remove('a/b', 'k1')).toBe(false);
        expect(matcher.size).toBe(2);
      });

      it('forgets a filter once its last key is removed, and can add it again', () => {
        const filters = ['a/b/c', 'a/b', 'a/+/c', 'a/#', '#', '+', '/', 'a//', '$SYS/#'];
        const matcher = withFilters(factory, filters);
        expect(matcher.size).toBe(filters.length);
        filters.forEach((filter, i) => expect(matcher.remove(filter, `k${i}`), filter).toBe(true));
        expect(matcher.size).toBe(0);
        expect([...matcher.filters()]).toEqual([]);
        for (const topic of ['a/b/c', 'a/b', 'a', '/', 'a//', '$SYS/x']) {
          expect(visits(matcher, topic)).toEqual([]);
          expect(matcher.hasMatch(topic)).toBe(false);
        }
        expect(matcher.add('a/b', 'k', { qos: 1 })).toBe(true);
        expect(visits(matcher, 'a/b')).toEqual([['k', 1, 'a/b']]);
      });

      it('removing a prefix or an extension of a filter keeps the filter', () => {
        const matcher = withFilters(factory, ['a/b/c', 'a']);
        expect(matcher.remove('a/b', 'k0')).toBe(false);
        expect(matcher.remove('a/b/c/d', 'k0')).toBe(false);
        expect(matcher.remove('a', 'k1')).toBe(true);
        expect(visits(matcher, 'a/b/c')).toEqual([['k0', 1, 'a/b/c']]);
        expect(matcher.remove('a/b/c', 'k0')).toBe(true);
      });

      it('returns false for pairs that do not exist, changing nothing', () => {
        const matcher = withFilters(factory, ['a/b', 'a/+', 'a/#']);
        for (const [filter, key] of [
          ['a/b', 'nobody'],
          ['x/y', 'k0'],
          ['a/c', 'k0'],
          ['a/+', 'k0'],
          ['a/#', 'k1'],
          ['+/b', 'k1'],
          ['#', 'k2'],
          ['a', 'k0'],
        ] as const) {
          expect(matcher.remove(filter, key), `${filter} ${key}`).toBe(false);
        }
        expect(matcher.size).toBe(3);
        expect(visits(matcher, 'a/b')).toEqual([
          ['k0', 1, 'a/b'],
          ['k1', 1, 'a/+'],
          ['k2', 1, 'a/#'],
        ]);
        expect(factory().remove('a', 'k')).toBe(false);
      });
    });

    describe('size and filters()', () => {
      it('counts (filter, key) pairs', () => {
        const matcher = factory();
        matcher.add('a', 'k1', { qos: 0 });
        matcher.add('a', 'k2', { qos: 0 });
        matcher.add('b', 'k1', { qos: 0 });
        matcher.add('a', 'k1', { qos: 1 });
        expect(matcher.size).toBe(3);
        matcher.remove('a', 'k1');
        matcher.remove('a', 'k1');
        expect(matcher.size).toBe(2);
      });

      it('counts the keys of one filter, by string equality', () => {
        const matcher = factory();
        expect(matcher.countKeys('a/+')).toBe(0);
        matcher.add('a/+', 'k1', { qos: 0 });
        expect(matcher.countKeys('a/+')).toBe(1);
        matcher.add('a/+', 'k2', { qos: 0 });
        matcher.add('a/+', 'k2', { qos: 1 });
        matcher.add('a/b', 'k3', { qos: 0 });
        matcher.add('a/+/c', 'k3', { qos: 0 });
        expect(matcher.countKeys('a/+')).toBe(2);
        expect(matcher.countKeys('a/b')).toBe(1);
        expect(matcher.countKeys('a')).toBe(0);
        expect(matcher.countKeys('a/#')).toBe(0);
        matcher.remove('a/+', 'k1');
        matcher.remove('a/+', 'k2');
        expect(matcher.countKeys('a/+')).toBe(0);
        expect(matcher.countKeys('a/+/c')).toBe(1);
      });

      it('lists each filter with at least one key once', () => {
        const matcher = factory();
        const filters = ['a/b', 'a/+', 'a/#', '#', '+', 'a', '/', 'a//b', '$SYS/+', 'a/b/c'];
        for (const filter of filters) {
          matcher.add(filter, 'k1', { qos: 0 });
          matcher.add(filter, 'k2', { qos: 0 });
        }
        expect([...matcher.filters()].sort()).toEqual([...filters].sort());
        matcher.remove('a/b', 'k1');
        matcher.remove('a', 'k1');
        matcher.remove('a', 'k2');
        matcher.remove('#', 'k1');
        matcher.remove('#', 'k2');
        expect([...matcher.filters()].sort()).toEqual(
          filters.filter((f) => f !== 'a' && f !== '#').sort(),
        );
      });
    });
  });
}
