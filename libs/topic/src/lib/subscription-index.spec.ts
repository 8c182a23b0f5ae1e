import { describe, expect, it } from 'vitest';
import { BruteForceMatcher } from '../test/brute-force-matcher';
import { describeMatcherContract, type Sub } from '../test/matcher-contract';
import { TopicError } from './errors';
import { SubscriptionIndex } from './subscription-index';

describeMatcherContract('SubscriptionIndex', () => new SubscriptionIndex<string, Sub>());
describeMatcherContract(
  'BruteForceMatcher (reference)',
  () => new BruteForceMatcher<string, Sub>(),
);

describe('SubscriptionIndex', () => {
  it('prunes every node it created once all subscriptions are gone', () => {
    const index = new SubscriptionIndex<string, number>();
    const filters = ['a/b/c', 'a/b', 'a/+/c', 'a/#', '#', '+', '/', 'a//', 'x/y/z/w', '+/+/#'];
    for (const filter of filters) {
      index.add(filter, 'k1', 1);
      index.add(filter, 'k2', 2);
    }
    expect(index.nodeCount).toBeGreaterThan(10);
    // Remove in an order that empties parents before children and the other way round.
    for (const filter of [...filters].reverse()) index.remove(filter, 'k1');
    for (const filter of filters) index.remove(filter, 'k2');
    expect(index.size).toBe(0);
    expect(index.nodeCount).toBe(1);
  });

  it('keeps the nodes still needed by other filters', () => {
    const index = new SubscriptionIndex<string, number>();
    index.add('a/b/c/d', 'k', 1);
    const deep = index.nodeCount;
    index.add('a/b', 'k', 1);
    index.add('a/b/+', 'k', 1);
    index.remove('a/b', 'k');
    index.remove('a/b/+', 'k');
    expect(index.nodeCount).toBe(deep);
    expect(index.hasMatch('a/b/c/d')).toBe(true);
    expect(index.hasMatch('a/b')).toBe(false);
  });

  it('does not create nodes when removing or getting absent filters', () => {
    const index = new SubscriptionIndex<string, number>();
    index.add('a', 'k', 1);
    expect(index.remove('a/b/c', 'k')).toBe(false);
    expect(index.get('x/+/#', 'k')).toBeUndefined();
    expect(index.nodeCount).toBe(2);
  });

  it('throws a TopicError with the validation code for an invalid filter, adding nothing', () => {
    const index = new SubscriptionIndex<string, number>();
    for (const [filter, code] of [
      ['', 'EMPTY'],
      ['a/#/b', 'INVALID_WILDCARD_POSITION'],
      ['a+', 'INVALID_WILDCARD_POSITION'],
      ['a\u0000', 'NULL_CHARACTER'],
    ] as const) {
      let error: unknown;
      try {
        index.add(filter, 'k', 1);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TopicError);
      expect((error as TopicError).code).toBe(code);
    }
    expect(index.size).toBe(0);
    expect(index.nodeCount).toBe(1);
  });

  it('takes $share/ filters literally (callers store shared subscriptions by inner filter)', () => {
    const index = new SubscriptionIndex<string, number>();
    index.add('$share/g/a', 'k', 1);
    expect(index.hasMatch('a')).toBe(false);
    expect(index.hasMatch('$share/g/a')).toBe(true);
  });

  it('refuses changes from inside a visitor, and stays usable afterwards', () => {
    const index = new SubscriptionIndex<string, number>();
    index.add('a/+', 'k1', 1);
    index.add('a/b', 'k2', 1);
    expect(() => index.match('a/b', (key) => index.remove('a/b', key))).toThrow(/inside match/);
    expect(() => index.match('a/b', () => index.add('c', 'k', 1))).toThrow(/inside match/);
    expect(() => index.match('a/b', () => index.clear())).toThrow(/inside match/);
    expect(index.size).toBe(2);
    expect(index.remove('a/b', 'k2')).toBe(true);
  });

  it('allows nested matches from a visitor', () => {
    const index = new SubscriptionIndex<string, number>();
    index.add('a/#', 'k', 1);
    const nested: string[] = [];
    index.match('a/b', () => index.match('a', (key, _, filter) => nested.push(`${key} ${filter}`)));
    expect(nested).toEqual(['k a/#']);
  });

  it('nested matches from a visitor leave the pending branches of the outer match intact', () => {
    const index = new SubscriptionIndex<string, number>();
    const reference = new BruteForceMatcher<string, number>();
    for (const filter of ['a/b/c', 'a/+/c', '+/b/c', '+/+/+', 'a/b/+', '+/b/#', 'x/y', 'x/+']) {
      index.add(filter, 'k', 1);
      reference.add(filter, 'k', 1);
    }
    const collect = (m: typeof index | typeof reference) => {
      const outer: string[] = [];
      const inner: string[] = [];
      m.match('a/b/c', (_, __, filter) => {
        outer.push(filter);
        m.match('x/y', (___, ____, f) => inner.push(f));
      });
      return [outer.sort(), inner.sort()];
    };
    expect(collect(index)).toEqual(collect(reference));
  });

  // Regression: match and hasMatch recursed once per '+' level and overflowed the call stack
  // at about 10,000 levels (a topic of 20 KB), which any client could send.
  it('matches topics and filters of 32,767 levels without overflowing the stack', () => {
    const index = new SubscriptionIndex<string, number>();
    const n = 32767;
    const pluses = Array<string>(n).fill('+').join('/');
    const literal = Array<string>(n).fill('a').join('/');
    index.add(pluses, 'k', 1);
    index.add(literal, 'k', 2);
    index.add(`${literal}/#`, 'k', 3);
    index.add(
      `${Array<string>(n - 1)
        .fill('+')
        .join('/')}/#`,
      'k',
      4,
    );
    const values: number[] = [];
    index.match(literal, (_, value) => values.push(value));
    expect(values.sort()).toEqual([1, 2, 3, 4]);
    expect(index.hasMatch(literal)).toBe(true);
    expect(index.hasMatch(`${literal}/a/b`)).toBe(true);
    expect(index.remove(pluses, 'k')).toBe(true);
    expect([...index.filters()]).toHaveLength(3);
  });

  it('clear() removes everything', () => {
    const index = new SubscriptionIndex<string, number>();
    index.add('a/b', 'k', 1);
    index.add('#', 'k', 1);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.nodeCount).toBe(1);
    expect(index.hasMatch('a/b')).toBe(false);
    expect([...index.filters()]).toEqual([]);
  });

  it('keeps key lookups right across the switch to a key map (many keys on one filter)', () => {
    const index = new SubscriptionIndex<number, number>();
    for (let i = 0; i < 40; i++) index.add('f', i, i);
    for (let i = 0; i < 40; i += 3) expect(index.remove('f', i)).toBe(true);
    for (let i = 0; i < 40; i++) expect(index.get('f', i)).toBe(i % 3 === 0 ? undefined : i);
    for (let i = 0; i < 40; i++) expect(index.add('f', i, -i)).toBe(i % 3 === 0);
    const seen = new Map<number, number>();
    index.match('f', (key, value) => seen.set(key, value));
    expect(seen.size).toBe(40);
    for (const [key, value] of seen) expect(value).toBe(-key);
  });

  it('compares keys like a Map (NaN is one key)', () => {
    const index = new SubscriptionIndex<number, string>();
    expect(index.add('a', NaN, 'x')).toBe(true);
    expect(index.add('a', NaN, 'y')).toBe(false);
    expect(index.get('a', NaN)).toBe('y');
    expect(index.remove('a', NaN)).toBe(true);
  });
});
