import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactMap } from './compact-map';

type Op = { kind: 'set'; key: string; value: number } | { kind: 'delete'; key: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    key: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    value: fc.integer(),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    key: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  }),
);

describe('CompactMap', () => {
  it('behaves like a Map (contents, sizes, insertion order, return values) for any operations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const model = new Map<string, number>();
        const map = new CompactMap<string, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            expect(map.set(o.key, o.value)).toBe(map);
            model.set(o.key, o.value);
          } else {
            expect(map.delete(o.key)).toBe(model.delete(o.key));
          }
          expect(map.size).toBe(model.size);
          expect([...map]).toEqual([...model]);
        }
        expect([...map.keys()]).toEqual([...model.keys()]);
        expect([...map.values()]).toEqual([...model.values()]);
        for (const key of ['a', 'b', 'c', 'd', 'e']) {
          expect(map.has(key)).toBe(model.has(key));
          expect(map.get(key)).toBe(model.get(key));
        }
      }),
    );
  });

  it('keeps the position of a replaced entry and moves the next one inline on delete', () => {
    const map = new CompactMap<string, number>();
    map.set('a', 1).set('b', 2).set('c', 3).set('a', 10);
    expect([...map]).toEqual([
      ['a', 10],
      ['b', 2],
      ['c', 3],
    ]);
    map.delete('a');
    map.set('d', 4);
    expect([...map.keys()]).toEqual(['b', 'c', 'd']);
    map.clear();
    expect(map.size).toBe(0);
    expect([...map]).toEqual([]);
    expect(map.get('b')).toBeUndefined();
  });

  it('compares keys as Map does: undefined and NaN are keys like any other', () => {
    const map = new CompactMap<unknown, string>();
    map.set(undefined, 'u').set(Number.NaN, 'nan');
    expect(map.has(undefined)).toBe(true);
    expect(map.get(Number.NaN)).toBe('nan');
    expect(map.delete(undefined)).toBe(true);
    expect(map.has(undefined)).toBe(false);
    expect([...map]).toEqual([[Number.NaN, 'nan']]);
  });
});
