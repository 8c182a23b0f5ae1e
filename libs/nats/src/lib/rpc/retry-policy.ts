/**
 * How a call is repeated when no reply came: at most `attempts` tries in all, waiting a random
 * time in [0, min(maxDelayMs, baseDelayMs * 2^n)] before retry n+1 ("full jitter": replicas that
 * restart do not get every caller back at the same instant).
 */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 25, maxDelayMs: 500 };
export const NO_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/** The wait before retry number `retry` (1 = the first retry). */
export function backoffDelay(retry: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}
