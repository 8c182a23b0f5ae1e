/** Shared subscription filters start with this (MQTT 5 4.8.2). */
export const SHARE_PREFIX = '$share/';

/** A shared subscription `$share/{group}/{filter}` split in its parts (MQTT 5 4.8.2). */
export interface SharedFilter {
  /** The share name: subscribers with the same group and filter share its messages. */
  group: string;
  /** The inner topic filter, which decides what matches. */
  filter: string;
}

/**
 * `$share/g/a/b` → `{ group: 'g', filter: 'a/b' }`; null when `filter` does not start with
 * `$share/` (then it is an ordinary filter). Does not validate: `$share/g` gives
 * `{ group: 'g', filter: '' }` and `$share//a` gives `{ group: '', filter: 'a' }`, which
 * `validateTopicFilter` rejects. Call that first.
 *
 * The subscription index knows nothing of sharing: store a shared subscription under its inner
 * `filter`, with a key that includes the group, and pick one member per group when delivering.
 */
export function parseSharedFilter(filter: string): SharedFilter | null {
  if (!filter.startsWith(SHARE_PREFIX)) return null;
  const start = SHARE_PREFIX.length;
  const slash = filter.indexOf('/', start);
  if (slash === -1) return { group: filter.slice(start), filter: '' };
  return { group: filter.slice(start, slash), filter: filter.slice(slash + 1) };
}
