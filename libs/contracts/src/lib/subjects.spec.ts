import { describe, expect, it } from 'vitest';
import { SUBJECT_PATTERN, SUBJECTS } from '../index';

describe('subjects', () => {
  const all = Object.values(SUBJECTS).flatMap((service) => Object.values(service));

  it('are versioned and named mqtt.<service>.v<N>.<verb>', () => {
    for (const subject of all) expect(subject).toMatch(SUBJECT_PATTERN);
  });

  it('are unique and name their own service', () => {
    expect(new Set(all).size).toBe(all.length);
    for (const [service, verbs] of Object.entries(SUBJECTS)) {
      for (const [verb, subject] of Object.entries(verbs)) {
        expect(subject).toBe(`mqtt.${service}.v1.${verb}`);
      }
    }
  });
});
