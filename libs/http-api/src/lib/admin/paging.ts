import type { PageRequest } from './admin.port';
import type { Page } from './views';

/**
 * Keyset paging: items are ordered by a unique string key (client id, topic) and a page
 * starts after the last key of the previous one. Unlike offsets, a client connecting or
 * leaving between two requests neither repeats nor skips anyone else.
 */
export function pageBy<T>(
  items: Iterable<T>,
  key: (item: T) => string,
  request: PageRequest,
  keep: (item: T) => boolean = () => true,
): Page<T> {
  const after = request.after;
  const candidates: T[] = [];
  for (const item of items) {
    if ((after === undefined || key(item) > after) && keep(item)) candidates.push(item);
  }
  candidates.sort((a, b) => compare(key(a), key(b)));
  const pageItems = candidates.slice(0, request.limit);
  const last = pageItems[pageItems.length - 1];
  return {
    items: pageItems,
    next: candidates.length > request.limit && last !== undefined ? key(last) : null,
  };
}

/** Code-unit order, the same order `>` uses for the cursor (localeCompare would differ). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Same page shape with the items converted (after paging, so only one page is converted). */
export function mapPage<T, U>(page: Page<T>, convert: (item: T) => U): Page<U> {
  return { items: page.items.map(convert), next: page.next };
}
