/**
 * A trie of topic levels holding one value per topic, answering "which stored topics match this
 * filter" by walking only the branches the filter can reach (never a scan of every topic).
 */
interface Node<V> {
  children: Map<string, Node<V>>;
  value: V | undefined;
}

function node<V>(): Node<V> {
  return { children: new Map(), value: undefined };
}

export class TopicTrie<V> {
  private readonly root: Node<V> = node();
  private count = 0;

  get size(): number {
    return this.count;
  }

  set(topic: string, value: V): void {
    let n = this.root;
    for (const level of topic.split('/')) {
      let next = n.children.get(level);
      if (!next) {
        next = node();
        n.children.set(level, next);
      }
      n = next;
    }
    if (n.value === undefined) this.count++;
    n.value = value;
  }

  get(topic: string): V | undefined {
    let n: Node<V> | undefined = this.root;
    for (const level of topic.split('/')) {
      n = n.children.get(level);
      if (!n) return undefined;
    }
    return n.value;
  }

  delete(topic: string): boolean {
    const path: Node<V>[] = [this.root];
    const levels = topic.split('/');
    let n: Node<V> | undefined = this.root;
    for (const level of levels) {
      n = n.children.get(level);
      if (!n) return false;
      path.push(n);
    }
    if (n.value === undefined) return false;
    n.value = undefined;
    this.count--;
    // Prune branches left empty so deleted topics do not leak nodes.
    for (let i = levels.length; i > 0; i--) {
      const child = path[i];
      const parent = path[i - 1];
      if (!child || !parent || child.value !== undefined || child.children.size > 0) break;
      parent.children.delete(levels[i - 1] as string);
    }
    return true;
  }

  /** Values of every topic matching `filter` (`+`, `#`, parent-level `#`, `$` rule). */
  match(filter: string): V[] {
    const out: V[] = [];
    this.walk(this.root, filter.split('/'), 0, out);
    return out;
  }

  private walk(n: Node<V>, levels: string[], i: number, out: V[]): void {
    if (i === levels.length) {
      if (n.value !== undefined) out.push(n.value);
      return;
    }
    const level = levels[i] as string;
    // [MQTT-4.7.2-1] a wildcard in the first level does not match topics starting with '$'.
    const skipDollar = i === 0;
    if (level === '#') {
      // [MQTT-4.7.1-2] '#' matches the parent level too ('a/#' matches 'a').
      if (i > 0 && n.value !== undefined) out.push(n.value);
      this.collect(n, out, skipDollar);
      return;
    }
    if (level === '+') {
      for (const [name, child] of n.children) {
        if (skipDollar && name.startsWith('$')) continue;
        this.walk(child, levels, i + 1, out);
      }
      return;
    }
    const child = n.children.get(level);
    if (child) this.walk(child, levels, i + 1, out);
  }

  private collect(n: Node<V>, out: V[], skipDollar: boolean): void {
    for (const [name, child] of n.children) {
      if (skipDollar && name.startsWith('$')) continue;
      if (child.value !== undefined) out.push(child.value);
      this.collect(child, out, false);
    }
  }
}
