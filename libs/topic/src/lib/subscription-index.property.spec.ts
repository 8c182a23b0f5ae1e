import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topicFilter, topicName } from '../test/arbitraries';
import { BruteForceMatcher } from '../test/brute-force-matcher';
import { type TopicMatcher } from './topic-matcher';
import { SubscriptionIndex } from './subscription-index';

type Visit = string;

function visits(matcher: TopicMatcher<string, number>, topic: string): Visit[] {
  const out: Visit[] = [];
  matcher.match(topic, (key, value, filter) => out.push(`${filter} ${key} ${value}`));
  return out.sort();
}

const key = fc.constantFrom('k1', 'k2', 'k3');
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), filter: topicFilter, key, value: fc.nat(2) }),
  fc.record({ kind: fc.constant('remove' as const), filter: topicFilter, key }),
);

describe('SubscriptionIndex against the brute-force reference (fast-check)', () => {
  it('match and hasMatch agree with topicMatches over random filter sets and topics', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(topicFilter, key), { maxLength: 30 }),
        fc.array(topicName, { minLength: 1, maxLength: 10 }),
        (subs, topics) => {
          const index = new SubscriptionIndex<string, number>();
          const reference = new BruteForceMatcher<string, number>();
          subs.forEach(([filter, k], i) => {
            index.add(filter, k, i);
            reference.add(filter, k, i);
          });
          for (const topic of topics) {
            expect(visits(index, topic)).toEqual(visits(reference, topic));
            expect(index.hasMatch(topic)).toBe(reference.hasMatch(topic));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('random add/remove sequences keep results, size, filters and get in step', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.array(topicName, { minLength: 1, maxLength: 5 }),
        (ops, topics) => {
          const index = new SubscriptionIndex<string, number>();
          const reference = new BruteForceMatcher<string, number>();
          for (const o of ops) {
            if (o.kind === 'add') {
              expect(index.add(o.filter, o.key, o.value)).toBe(
                reference.add(o.filter, o.key, o.value),
              );
            } else {
              expect(index.remove(o.filter, o.key)).toBe(reference.remove(o.filter, o.key));
            }
            expect(index.size).toBe(reference.size);
            expect(index.get(o.filter, o.key)).toBe(reference.get(o.filter, o.key));
            expect(index.countKeys(o.filter)).toBe(reference.countKeys(o.filter));
          }
          expect([...index.filters()].sort()).toEqual([...reference.filters()].sort());
          for (const topic of topics)
            expect(visits(index, topic)).toEqual(visits(reference, topic));
          // Removing what is left prunes the trie back to its root.
          for (const filter of [...reference.filters()]) {
            for (const k of ['k1', 'k2', 'k3']) index.remove(filter, k);
          }
          expect(index.size).toBe(0);
          expect(index.nodeCount).toBe(1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
