import type { Page } from './views';

/**
 * Merges one keyset page from each node into one page of the cluster-wide list. Every node
 * was asked for `limit` items after the same cursor, in key order. Correct because a node
 * that had more (`next` non-null) holds only keys greater than its own last returned key,
 * and that node alone already returned `limit` items at or below that key: none of its unsent
 * items can be among the `limit` smallest. `next` is the last key taken when anything is left
 * anywhere (a node had more, or the merge dropped items), so the following page asks every
 * node again from there: no repeats, no skips. The same key on two nodes (a session being
 * taken over) is kept once: `prefer` picks which.
 */
export function mergeNodePages<T>(
  pages: readonly Page<T>[],
  key: (item: T) => string,
  limit: number,
  prefer: (a: T, b: T) => T = (a) => a,
): Page<T> {
  const byKey = new Map<string, T>();
  for (const page of pages) {
    for (const item of page.items) {
      const k = key(item);
      const seen = byKey.get(k);
      byKey.set(k, seen === undefined ? item : prefer(seen, item));
    }
  }
  const sorted = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const taken = sorted.slice(0, limit);
  const more = sorted.length > limit || pages.some((p) => p.next !== null);
  const last = taken[taken.length - 1];
  return {
    items: taken.map(([, item]) => item),
    next: more && last !== undefined ? last[0] : null,
  };
}
