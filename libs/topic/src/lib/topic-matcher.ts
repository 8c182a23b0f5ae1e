/**
 * Called once per matching (filter, key) pair. `filter` is the filter string as it was added.
 */
export type MatchVisitor<K, V> = (key: K, value: V, filter: string) => void;

/**
 * A set of subscriptions, each a (filter, key) pair holding one value, that can be asked which
 * subscriptions match a topic name. The contract suite (`src/test/matcher-contract.ts`) states the
 * behaviour every implementation shares.
 *
 * Filters are plain topic filters and are compared as strings: a shared subscription
 * `$share/{group}/{filter}` is stored by the caller under its inner `{filter}` (with the group in
 * the key); the matcher would otherwise take `$share/...` literally.
 */
export interface TopicMatcher<K, V> {
  /** Adds or replaces the value of (filter, key); true if the pair is new. */
  add(filter: string, key: K, value: V): boolean;
  /** Removes (filter, key); true if it existed. */
  remove(filter: string, key: K): boolean;
  /** The value of (filter, key), or undefined. */
  get(filter: string, key: K): V | undefined;
  /**
   * Visits every (filter, key) pair whose filter matches `topic` (a valid topic name), once per
   * pair, in no particular order: a key subscribed with overlapping filters is visited once per
   * filter and the caller merges (e.g. highest QoS, MQTT 5 3.3.4).
   */
  match(topic: string, visit: MatchVisitor<K, V>): void;
  /** Whether any filter matches `topic`. */
  hasMatch(topic: string): boolean;
  /**
   * Number of keys subscribed with exactly `filter` (string equality, no wildcard matching): 1
   * after an add means the filter just gained interest, 0 after a remove that it lost it (for
   * reference-counted NATS interest).
   */
  countKeys(filter: string): number;
  /** Number of (filter, key) pairs. */
  readonly size: number;
  /** Every filter with at least one key, each once. */
  filters(): IterableIterator<string>;
}
