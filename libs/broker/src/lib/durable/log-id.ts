/**
 * Durable-log ids are Redis stream ids, `<ms>-<seq>`: increasing within one node's log. They
 * are compared here as numbers (string order is wrong: '9-0' > '10-0').
 */

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareLogIds(a: string, b: string): number {
  const da = a.indexOf('-');
  const db = b.indexOf('-');
  const ma = Number(a.slice(0, da));
  const mb = Number(b.slice(0, db));
  if (ma !== mb) return ma - mb;
  return Number(a.slice(da + 1)) - Number(b.slice(db + 1));
}

/** The smallest id of millisecond `ms` (a lower bound for everything logged from then on). */
export function logIdAt(ms: number): string {
  return `${Math.max(0, Math.floor(ms))}-0`;
}

/** The later of two ids (`b` may be absent). */
export function laterLogId(a: string, b: string | undefined): string {
  return b !== undefined && compareLogIds(b, a) > 0 ? b : a;
}

/** Generates increasing ids from a clock that may stand still or step back. */
export class LogIdGenerator {
  private ms = 0;
  private seq = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Continue after `id` (e.g. the last id already in this node's log after a restart). */
  resumeAfter(id: string): void {
    const dash = id.indexOf('-');
    const ms = Number(id.slice(0, dash));
    const seq = Number(id.slice(dash + 1));
    if (ms > this.ms || (ms === this.ms && seq >= this.seq)) {
      this.ms = ms;
      this.seq = seq;
    }
  }

  next(): string {
    const now = this.now();
    if (now > this.ms) {
      this.ms = now;
      this.seq = 0;
    } else {
      this.seq++;
    }
    return `${this.ms}-${this.seq}`;
  }
}
