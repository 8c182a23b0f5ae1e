import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeNodePages } from './cluster-paging';
import { pageBy } from './paging';

const key = (s: string) => s;

/** One cluster page as ClusterAdmin builds it: every node pages its own items, then merge. */
function clusterPage(nodes: readonly string[][], limit: number, after?: string) {
  const request = after === undefined ? { limit } : { limit, after };
  return mergeNodePages(
    nodes.map((items) => pageBy(items, key, request)),
    key,
    limit,
  );
}

/** Walks the cluster-wide list page by page, as an API client following `next` would. */
function walk(nodes: readonly string[][], limit: number): string[] {
  const seen: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = clusterPage(nodes, limit, after);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items);
    if (page.next === null) return seen;
    after = page.next;
  }
  throw new Error('paging did not end');
}

describe('merging keyset pages of several nodes', () => {
  it('walks 5 clients on two nodes 2 at a time, in order, without repeats or skips', () => {
    const nodes = [
      ['c1', 'c3', 'c5'],
      ['c2', 'c4'],
    ];
    expect(clusterPage(nodes, 2)).toEqual({ items: ['c1', 'c2'], next: 'c2' });
    expect(clusterPage(nodes, 2, 'c2')).toEqual({ items: ['c3', 'c4'], next: 'c4' });
    expect(clusterPage(nodes, 2, 'c4')).toEqual({ items: ['c5'], next: null });
  });

  it('keeps paging when one node alone holds the next items (its `next` is non-null)', () => {
    // Node A returns a, b (and has more); node B returns z. The merge takes a, b: more remain.
    expect(clusterPage([['a', 'b', 'c'], ['z']], 2)).toEqual({ items: ['a', 'b'], next: 'b' });
  });

  it('ends with next = null when the merged items fit and no node has more', () => {
    expect(clusterPage([['a'], ['b']], 2)).toEqual({ items: ['a', 'b'], next: null });
    expect(clusterPage([[], []], 2)).toEqual({ items: [], next: null });
    expect(mergeNodePages<string>([], key, 3)).toEqual({ items: [], next: null });
  });

  it('lists a key held by two nodes once, the copy `prefer` picks', () => {
    const a = { id: 'x', online: false };
    const b = { id: 'x', online: true };
    const page = mergeNodePages(
      [
        { items: [a], next: null },
        { items: [b], next: null },
      ],
      (s) => s.id,
      5,
      (p, q) => (p.online ? p : q),
    );
    expect(page).toEqual({ items: [b], next: null });
  });

  it('for any split of distinct keys over nodes and any limit, walks every key exactly once in order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 4 }), { maxLength: 40 }),
        fc.array(fc.nat(3), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        (keys, placement, limit) => {
          const nodes: string[][] = [[], [], [], []];
          keys.forEach((k, i) => nodes[(placement[i] ?? 0) % 4]?.push(k));
          const expected = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          expect(walk(nodes, limit)).toEqual(expected);
        },
      ),
    );
  });
});
