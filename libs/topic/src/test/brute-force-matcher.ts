import { topicMatches } from '../lib/matches';
import { type MatchVisitor, type TopicMatcher } from '../lib/topic-matcher';

/**
 * The obviously-correct matcher: every filter checked with `topicMatches`. The reference the
 * property tests compare `SubscriptionIndex` against, and a second subject for the contract suite
 * (so the suite itself is checked against something simple).
 */
export class BruteForceMatcher<K, V> implements TopicMatcher<K, V> {
  private readonly byFilter = new Map<string, Map<K, V>>();
  private pairs = 0;

  get size(): number {
    return this.pairs;
  }

  add(filter: string, key: K, value: V): boolean {
    let keys = this.byFilter.get(filter);
    if (keys === undefined) {
      keys = new Map();
      this.byFilter.set(filter, keys);
    }
    const isNew = !keys.has(key);
    keys.set(key, value);
    if (isNew) this.pairs++;
    return isNew;
  }

  remove(filter: string, key: K): boolean {
    const keys = this.byFilter.get(filter);
    if (keys === undefined || !keys.delete(key)) return false;
    if (keys.size === 0) this.byFilter.delete(filter);
    this.pairs--;
    return true;
  }

  get(filter: string, key: K): V | undefined {
    return this.byFilter.get(filter)?.get(key);
  }

  countKeys(filter: string): number {
    return this.byFilter.get(filter)?.size ?? 0;
  }

  match(topic: string, visit: MatchVisitor<K, V>): void {
    for (const [filter, keys] of this.byFilter) {
      if (topicMatches(filter, topic)) for (const [key, value] of keys) visit(key, value, filter);
    }
  }

  hasMatch(topic: string): boolean {
    for (const filter of this.byFilter.keys()) if (topicMatches(filter, topic)) return true;
    return false;
  }

  filters(): IterableIterator<string> {
    return this.byFilter.keys();
  }
}
