import { describe, expect, it } from 'vitest';
import { pageBy } from './paging';

const ids = ['c', 'a', 'e', 'b', 'd'];
const key = (s: string) => s;

describe('keyset paging', () => {
  it('walks every item once, in code-unit order, then ends with next = null', () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = pageBy(ids, key, { limit: 2, ...(after === undefined ? {} : { after }) });
      seen.push(...page.items);
      if (page.next === null) break;
      after = page.next;
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('neither repeats nor skips when an item before the cursor disappears between pages', () => {
    const first = pageBy(ids, key, { limit: 2 });
    const rest = pageBy(['c', 'e', 'd'], key, { limit: 10, after: first.next ?? '' });
    expect([...first.items, ...rest.items]).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('filters before paging, so a page is full when enough items match', () => {
    const page = pageBy(ids, key, { limit: 2 }, (s) => s !== 'a' && s !== 'b');
    expect(page).toEqual({ items: ['c', 'd'], next: 'd' });
  });

  it('orders by code units (uppercase before lowercase), as the cursor compares', () => {
    expect(pageBy(['b', 'B', 'a'], key, { limit: 5 }).items).toEqual(['B', 'a', 'b']);
  });
});
