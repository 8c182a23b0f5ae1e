/** Storage of every empty Deque (most session queues are empty most of the time). */
const NO_ITEMS: never[] = [];

/** What readers of a queue may do (a session hands out its queue read-only). */
export interface ReadonlyDeque<T> extends Iterable<T> {
  readonly length: number;
  peek(): T | undefined;
}

/**
 * A growable ring buffer: O(1) push/shift without the O(n) `Array.prototype.shift` that a
 * plain array queue pays on every dequeue of a long offline queue.
 */
export class Deque<T> implements ReadonlyDeque<T> {
  /** Shared and never written while empty: storage is allocated by the first push. */
  private items: (T | undefined)[] = NO_ITEMS;
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = item;
    this.count++;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return item;
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  clear(): void {
    this.items = NO_ITEMS;
    this.head = 0;
    this.count = 0;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) {
      yield this.items[(this.head + i) % this.items.length] as T;
    }
  }

  private grow(): void {
    const next = new Array<T | undefined>(Math.max(4, this.items.length * 2));
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length];
    this.items = next;
    this.head = 0;
  }
}
