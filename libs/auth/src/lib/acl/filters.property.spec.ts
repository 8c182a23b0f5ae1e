import { topicMatches } from '@mithqtt/topic';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterCovers, filtersIntersect } from './filters';

/**
 * Brute force over a small alphabet: topics of 1 to 4 levels from {a, b, '', $a, z}. `z` and
 * `$z` stand for "any other level" (no filter names them), so a relation that holds on this
 * finite set holds for all topics: filters of at most 3 levels cannot tell apart two levels
 * they do not name, and longer topics behave like 4-level ones.
 */
const TOPIC_LEVELS = ['a', 'b', '', '$a', 'z', '$z'];
const FILTER_LEVELS = ['a', 'b', '', '$a', '+'];

const TOPICS: string[] = [];
function grow(prefix: string[], depth: number): void {
  if (prefix.length > 0) TOPICS.push(prefix.join('/'));
  if (depth === 0) return;
  for (const level of TOPIC_LEVELS) grow([...prefix, level], depth - 1);
}
grow([], 4);

const filter = fc
  .tuple(fc.array(fc.constantFrom(...FILTER_LEVELS), { minLength: 0, maxLength: 3 }), fc.boolean())
  .filter(([levels, hash]) => levels.length > 0 || hash)
  .map(([levels, hash]) => (hash ? [...levels, '#'] : levels).join('/'));

const matched = (f: string): string[] => TOPICS.filter((t) => topicMatches(f, t));

describe('filter relations agree with brute-force matching', () => {
  it('filterCovers(o, i) iff every topic i matches is matched by o', () => {
    fc.assert(
      fc.property(filter, filter, (o, i) => {
        const expected = matched(i).every((t) => topicMatches(o, t));
        expect(filterCovers(o, i)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('filtersIntersect(a, b) iff some topic matches both', () => {
    fc.assert(
      fc.property(filter, filter, (a, b) => {
        const expected = matched(a).some((t) => topicMatches(b, t));
        expect(filtersIntersect(a, b)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('every filter matches at least one topic of the alphabet (the oracle is not vacuous)', () => {
    fc.assert(fc.property(filter, (f) => matched(f).length > 0));
  });
});
