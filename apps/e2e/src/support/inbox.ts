/** Default wait for something that is expected to arrive. */
export const ARRIVAL_TIMEOUT_MS = 5000;
/** How long to watch for something that must NOT arrive. */
export const QUIET_MS = 300;

interface Waiter {
  resolve(): void;
}

/**
 * An ordered, consumable queue of things that arrive asynchronously (messages, packets).
 * `next` waits with a deadline instead of sleeping; `expectNothing` is the one bounded wait,
 * used to prove that something does not arrive.
 */
export class Inbox<T> {
  private readonly items: T[] = [];
  private cursor = 0;
  private waiters: Waiter[] = [];

  constructor(private readonly what: string) {}

  push(item: T): void {
    this.items.push(item);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve();
  }

  /** Everything received so far, consumed or not. */
  get all(): readonly T[] {
    return this.items;
  }

  /** Items received but not consumed yet. */
  get pending(): readonly T[] {
    return this.items.slice(this.cursor);
  }

  /** The next unconsumed item, waiting up to `timeoutMs` for it. */
  async next(timeoutMs = ARRIVAL_TIMEOUT_MS): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.items.length) {
      const left = deadline - Date.now();
      if (left <= 0 || !(await this.arrival(left))) {
        throw new Error(
          `no ${this.what} within ${timeoutMs} ms (${this.items.length} received in total)`,
        );
      }
    }
    return this.items[this.cursor++] as T;
  }

  /** Consumes and returns everything received but not consumed yet (possibly nothing). */
  drain(): T[] {
    const out = this.items.slice(this.cursor);
    this.cursor = this.items.length;
    return out;
  }

  /** The next `count` items, all within `timeoutMs`. */
  async take(count: number, timeoutMs = ARRIVAL_TIMEOUT_MS): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    const out: T[] = [];
    while (out.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`only ${out.length} of ${count} ${this.what}s within ${timeoutMs} ms`);
      }
      out.push(
        await this.next(left).catch(() => {
          throw new Error(`only ${out.length} of ${count} ${this.what}s within ${timeoutMs} ms`);
        }),
      );
    }
    return out;
  }

  /** The next item that satisfies `match`; the ones skipped are consumed. */
  async find(match: (item: T) => boolean, timeoutMs = ARRIVAL_TIMEOUT_MS): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const item = await this.next(Math.max(1, deadline - Date.now()));
      if (match(item)) return item;
    }
  }

  /** Proves a negative: nothing new arrives for `ms`. */
  async expectNothing(ms = QUIET_MS): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const extra = this.pending;
    if (extra.length > 0) {
      throw new Error(
        `expected no ${this.what}, got ${extra.length}: ${JSON.stringify(extra.slice(0, 3))}`,
      );
    }
  }

  private arrival(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter: Waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.waiters.push(waiter);
    });
  }
}
