import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY } from './retry-policy';

describe('backoffDelay', () => {
  const policy = { attempts: 5, baseDelayMs: 10, maxDelayMs: 50 };

  it('grows exponentially up to the cap', () => {
    const top = (retry: number) => backoffDelay(retry, policy, () => 0.999_999);
    expect([1, 2, 3, 4, 5].map(top)).toEqual([9, 19, 39, 49, 49]);
  });

  it('is jittered over the whole range', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(20);
  });

  it('default policy: three attempts, bounded waits', () => {
    expect(DEFAULT_RETRY.attempts).toBe(3);
    expect(backoffDelay(30, DEFAULT_RETRY, () => 0.999)).toBeLessThan(DEFAULT_RETRY.maxDelayMs);
  });
});
