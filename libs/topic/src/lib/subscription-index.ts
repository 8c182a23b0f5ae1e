import { TopicError } from './errors';
import { type MatchVisitor, type TopicMatcher } from './topic-matcher';
import { validatePlainTopicFilter } from './validate';

const PLUS = 0x2b;
const HASH = 0x23;
const DOLLAR = 0x24;

/** Above this many keys on one filter, a node gets a key → position map (below, a scan is faster). */
const INDEX_THRESHOLD = 8;

/**
 * One level of the trie. Literal children sit in a Map; '+' and '#' children have their own slots
 * so matching never looks them up by string. A '#' child is always a leaf ('#' is the last level).
 * All fields are set in the constructor so every node has the same hidden class.
 */
class TrieNode {
  children: Map<string, TrieNode> | null = null;
  plus: TrieNode | null = null;
  hash: TrieNode | null = null;
  /**
   * Subscriptions whose filter ends here, interleaved `[key0, value0, key1, value1, ...]`: one
   * array per node (instead of a Map) keeps the common one-subscriber node small and lets `match`
   * visit with a plain indexed loop. Null when there are none.
   */
  subs: unknown[] | null = null;
  /** key → position in `subs`, built once a node has more than INDEX_THRESHOLD keys. */
  index: Map<unknown, number> | null = null;
  /** The filter ending here (the string given to the first `add`), passed to visitors. */
  filter = '';

  isEmpty(): boolean {
    return this.subs === null && this.children === null && this.plus === null && this.hash === null;
  }
}

function sameKey(a: unknown, b: unknown): boolean {
  // SameValueZero, like Map keys (NaN equals NaN).
  return a === b || (a !== a && b !== b);
}

function findKey(node: TrieNode, key: unknown): number {
  const subs = node.subs;
  if (subs === null) return -1;
  if (node.index !== null) return node.index.get(key) ?? -1;
  for (let i = 0; i < subs.length; i += 2) if (sameKey(subs[i], key)) return i;
  return -1;
}

/**
 * The subscription index of a broker: a topic trie from filters to subscriptions, matching topic
 * names with the MQTT rules (3.1.1 and 5, section 4.7; see `topicMatches`).
 *
 * `K` identifies a subscriber (e.g. a session id), `V` is what it asked for with that filter (e.g.
 * `{ qos, noLocal }`). One (filter, key) pair holds one value; adding it again replaces the value.
 * Keys are compared like Map keys. Filters are compared as strings: store a shared subscription
 * under its inner filter (see `parseSharedFilter`).
 *
 * Costs: `add`, `remove` and `get` are O(levels of the filter); `match` is O(levels of the topic ×
 * wildcard branches + matches) and allocates only the level strings it looks up (no arrays, no
 * closures). Nothing recurses, so very deep topics and filters are safe.
 *
 * Visitors must not add or remove subscriptions (collect, then change): doing so throws, since it
 * would skip or repeat pairs. Nested `match` / `hasMatch` calls from a visitor are fine.
 */
export class SubscriptionIndex<K, V> implements TopicMatcher<K, V> {
  private root = new TrieNode();
  private pairs = 0;
  private nodes = 1;
  /** Depth of `match` calls in progress (mutations are refused while > 0). */
  private matching = 0;
  /** Scratch for `remove`: the nodes and level tokens on the path, reused to avoid allocation. */
  private readonly pathNodes: TrieNode[] = [];
  private readonly pathTokens: string[] = [];
  /** Pending branches of `match` / `hasMatch`: node and start of its next level; `sp` is the top. */
  private readonly stackNodes: TrieNode[] = [];
  private readonly stackPos: number[] = [];
  private sp = 0;

  /** Number of (filter, key) pairs. */
  get size(): number {
    return this.pairs;
  }

  /** Number of trie nodes including the root: for metrics and to check pruning. */
  get nodeCount(): number {
    return this.nodes;
  }

  /**
   * Adds (filter, key) with `value`, or replaces its value; returns true if the pair is new.
   * Throws a `TopicError` carrying the `validateTopicFilter` code if `filter` is not a valid
   * filter (`$share/...` is taken literally).
   */
  add(filter: string, key: K, value: V): boolean {
    const error = validatePlainTopicFilter(filter);
    if (error !== null)
      throw new TopicError(error, `invalid topic filter ${JSON.stringify(filter)}`);
    this.assertNotMatching();
    let node = this.root;
    const len = filter.length;
    let pos = 0;
    for (;;) {
      let end = filter.indexOf('/', pos);
      if (end === -1) end = len;
      node = this.childForAdd(node, filter, pos, end);
      if (end === len) break;
      pos = end + 1;
    }

    const subs = node.subs;
    if (subs === null) {
      node.subs = [key, value];
      node.filter = filter;
      this.pairs++;
      return true;
    }
    const at = findKey(node, key);
    if (at >= 0) {
      subs[at + 1] = value;
      return false;
    }
    subs.push(key, value);
    if (node.index !== null) node.index.set(key, subs.length - 2);
    else if (subs.length > 2 * INDEX_THRESHOLD) {
      const index = new Map<unknown, number>();
      for (let i = 0; i < subs.length; i += 2) index.set(subs[i], i);
      node.index = index;
    }
    this.pairs++;
    return true;
  }

  private childForAdd(node: TrieNode, filter: string, pos: number, end: number): TrieNode {
    if (end - pos === 1) {
      const c = filter.charCodeAt(pos);
      if (c === PLUS) return node.plus ?? (node.plus = this.newNode());
      if (c === HASH) return node.hash ?? (node.hash = this.newNode());
    }
    const token = filter.slice(pos, end);
    const children = node.children ?? (node.children = new Map());
    let child = children.get(token);
    if (child === undefined) {
      child = this.newNode();
      children.set(token, child);
    }
    return child;
  }

  private newNode(): TrieNode {
    this.nodes++;
    return new TrieNode();
  }

  /** Removes (filter, key); returns true if it existed. Prunes nodes left empty. */
  remove(filter: string, key: K): boolean {
    this.assertNotMatching();
    const pathNodes = this.pathNodes;
    const pathTokens = this.pathTokens;
    let node: TrieNode | null | undefined = this.root;
    let depth = 0;
    const len = filter.length;
    let pos = 0;
    for (;;) {
      let end = filter.indexOf('/', pos);
      if (end === -1) end = len;
      const token = filter.slice(pos, end);
      pathNodes[depth] = node;
      pathTokens[depth] = token;
      depth++;
      node = token === '+' ? node.plus : token === '#' ? node.hash : node.children?.get(token);
      if (node === undefined || node === null) return this.clearPath(false);
      if (end === len) break;
      pos = end + 1;
    }

    const subs = node.subs;
    const at = findKey(node, key);
    if (subs === null || at < 0) return this.clearPath(false);
    this.removeAt(node, subs, at, key);
    this.pairs--;

    // Prune: detach empty nodes bottom-up. The root is never in the way (depth stops at 0).
    while (depth > 0 && node.isEmpty()) {
      depth--;
      const parent = pathNodes[depth];
      const token = pathTokens[depth];
      if (parent === undefined || token === undefined) break; // cannot happen: filled above
      if (token === '+') parent.plus = null;
      else if (token === '#') parent.hash = null;
      else if (parent.children !== null) {
        parent.children.delete(token);
        if (parent.children.size === 0) parent.children = null;
      }
      this.nodes--;
      node = parent;
    }
    return this.clearPath(true);
  }

  private removeAt(node: TrieNode, subs: unknown[], at: number, key: K): void {
    const last = subs.length - 2;
    if (last === 0) {
      node.subs = null;
      node.index = null;
      node.filter = '';
      return;
    }
    // Swap the last pair into the hole: O(1), order is not part of the contract.
    const lastKey = subs[last];
    subs[at] = lastKey;
    subs[at + 1] = subs[last + 1];
    subs.length = last;
    if (node.index !== null) {
      node.index.delete(key);
      if (at !== last) node.index.set(lastKey, at);
    }
  }

  /** Drops the references held in the scratch path so removed nodes can be collected. */
  private clearPath(result: boolean): boolean {
    this.pathNodes.length = 0;
    this.pathTokens.length = 0;
    return result;
  }

  /** The value of (filter, key), or undefined. */
  get(filter: string, key: K): V | undefined {
    const node = this.find(filter);
    const subs = node?.subs ?? null;
    if (node === undefined || subs === null) return undefined;
    const at = findKey(node, key);
    return at < 0 ? undefined : (subs[at + 1] as V);
  }

  /** Number of keys subscribed with exactly `filter` (0 if none). O(levels). */
  countKeys(filter: string): number {
    const subs = this.find(filter)?.subs ?? null;
    return subs === null ? 0 : subs.length / 2;
  }

  /** The node where `filter` ends, if its path exists. */
  private find(filter: string): TrieNode | undefined {
    let node: TrieNode | null | undefined = this.root;
    const len = filter.length;
    let pos = 0;
    for (;;) {
      let end = filter.indexOf('/', pos);
      if (end === -1) end = len;
      const token = filter.slice(pos, end);
      node = token === '+' ? node.plus : token === '#' ? node.hash : node.children?.get(token);
      if (node === undefined || node === null) return undefined;
      if (end === len) return node;
      pos = end + 1;
    }
  }

  /** Removes every subscription. */
  clear(): void {
    this.assertNotMatching();
    this.root = new TrieNode();
    this.pairs = 0;
    this.nodes = 1;
  }

  /**
   * Calls `visit(key, value, filter)` once per (filter, key) pair whose filter matches `topic`, a
   * valid topic name (not checked here: validate at the edge). Order is unspecified.
   *
   * No recursion: branches ('+' next to a matching literal child) wait on an explicit stack, so a
   * topic and filters of tens of thousands of levels cannot overflow the call stack. Nested calls
   * from a visitor use the same stack above the caller's entries.
   */
  match(topic: string, visit: MatchVisitor<K, V>): void {
    this.matching++;
    const base = this.sp;
    try {
      const root = this.root;
      // [MQTT-4.7.2-1]: '+' and '#' as first level do not match topics starting with '$'.
      const wildcardsAtRoot = topic.charCodeAt(0) !== DOLLAR;
      if (wildcardsAtRoot && root.hash !== null) this.visitAll(root.hash, visit);
      let end = topic.indexOf('/');
      if (end === -1) end = topic.length;
      const child = root.children?.get(topic.slice(0, end));
      if (child !== undefined) this.push(child, end + 1);
      if (wildcardsAtRoot && root.plus !== null) this.push(root.plus, end + 1);
      while (this.sp > base) {
        const at = --this.sp;
        const node = this.stackNodes[at];
        const pos = this.stackPos[at];
        if (node === undefined || pos === undefined) break; // cannot happen: pushed above
        this.walk(node, topic, pos, visit);
      }
    } finally {
      this.sp = base;
      this.matching--;
    }
  }

  private push(node: TrieNode, pos: number): void {
    this.stackNodes[this.sp] = node;
    this.stackPos[this.sp] = pos;
    this.sp++;
  }

  /**
   * `node` has matched the levels before `pos` (the start of the next level; past the end when
   * the topic has no more levels). Follows one path down, leaving the '+' branch on the stack
   * when a literal child matches too.
   */
  private walk(node: TrieNode, topic: string, pos: number, visit: MatchVisitor<K, V>): void {
    const len = topic.length;
    for (;;) {
      // '#' matches the remaining levels, none included: `a/#` matches `a` [MQTT-4.7.1-2].
      if (node.hash !== null) this.visitAll(node.hash, visit);
      if (pos > len) {
        this.visitAll(node, visit);
        return;
      }
      let end = topic.indexOf('/', pos);
      if (end === -1) end = len;
      const children = node.children;
      const next = children === null ? undefined : children.get(topic.slice(pos, end));
      if (next !== undefined) {
        if (node.plus !== null) this.push(node.plus, end + 1);
        node = next;
      } else if (node.plus !== null) node = node.plus;
      else return;
      pos = end + 1;
    }
  }

  private visitAll(node: TrieNode, visit: MatchVisitor<K, V>): void {
    const subs = node.subs;
    if (subs === null) return; // a node on the way to longer filters
    const filter = node.filter;
    for (let i = 0; i < subs.length; i += 2) visit(subs[i] as K, subs[i + 1] as V, filter);
  }

  /** Whether any filter matches `topic` (a valid topic name); stops at the first match. */
  hasMatch(topic: string): boolean {
    const base = this.sp;
    const root = this.root;
    const wildcardsAtRoot = topic.charCodeAt(0) !== DOLLAR;
    if (wildcardsAtRoot && root.hash !== null) return true;
    let end = topic.indexOf('/');
    if (end === -1) end = topic.length;
    const child = root.children?.get(topic.slice(0, end));
    if (child !== undefined) this.push(child, end + 1);
    if (wildcardsAtRoot && root.plus !== null) this.push(root.plus, end + 1);
    let found = false;
    while (!found && this.sp > base) {
      const at = --this.sp;
      const node = this.stackNodes[at];
      const pos = this.stackPos[at];
      if (node === undefined || pos === undefined) break; // cannot happen: pushed above
      found = this.test(node, topic, pos);
    }
    this.sp = base; // no user code runs here, so no try/finally is needed
    return found;
  }

  private test(node: TrieNode, topic: string, pos: number): boolean {
    const len = topic.length;
    for (;;) {
      // Pruning keeps every leaf non-empty, so a '#' child always holds a subscription.
      if (node.hash !== null) return true;
      if (pos > len) return node.subs !== null;
      let end = topic.indexOf('/', pos);
      if (end === -1) end = len;
      const next = node.children?.get(topic.slice(pos, end));
      if (next !== undefined) {
        if (node.plus !== null) this.push(node.plus, end + 1);
        node = next;
      } else if (node.plus !== null) node = node.plus;
      else return false;
      pos = end + 1;
    }
  }

  /** Every filter with at least one key, each once, in no particular order. */
  *filters(): IterableIterator<string> {
    const stack: TrieNode[] = [this.root];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (node.subs !== null) yield node.filter;
      if (node.hash !== null) stack.push(node.hash);
      if (node.plus !== null) stack.push(node.plus);
      if (node.children !== null) for (const child of node.children.values()) stack.push(child);
    }
  }

  private assertNotMatching(): void {
    if (this.matching > 0) {
      throw new Error('SubscriptionIndex changed from inside match(): collect first, then change');
    }
  }
}
