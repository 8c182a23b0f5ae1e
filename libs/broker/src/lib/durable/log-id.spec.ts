import { describe, expect, it } from 'vitest';
import { compareLogIds, laterLogId, LogIdGenerator, logIdAt } from './log-id';

describe('durable log ids', () => {
  it('compare as numbers, not strings', () => {
    expect(compareLogIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareLogIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareLogIds('10-10', '10-10')).toBe(0);
    expect(compareLogIds('11-0', '10-99')).toBeGreaterThan(0);
    expect(laterLogId('5-1', '5-0')).toBe('5-1');
    expect(laterLogId('5-1', '6-0')).toBe('6-0');
    expect(laterLogId('5-1', undefined)).toBe('5-1');
    expect(logIdAt(1234.7)).toBe('1234-0');
  });

  it('increase even when the clock stands still or steps back', () => {
    let clock = 100;
    const ids = new LogIdGenerator(() => clock);
    const seen = [ids.next(), ids.next()];
    clock = 90;
    seen.push(ids.next());
    clock = 101;
    seen.push(ids.next());
    expect(seen).toEqual(['100-0', '100-1', '100-2', '101-0']);
    for (let i = 1; i < seen.length; i++) {
      expect(compareLogIds(seen[i] as string, seen[i - 1] as string)).toBeGreaterThan(0);
    }
  });

  it('resume after the last id of a log written before a restart', () => {
    const ids = new LogIdGenerator(() => 50);
    ids.resumeAfter('70-3');
    expect(ids.next()).toBe('70-4');
    ids.resumeAfter('10-0'); // older: ignored
    expect(ids.next()).toBe('70-5');
  });
});
