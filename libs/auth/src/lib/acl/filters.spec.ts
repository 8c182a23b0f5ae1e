import { describe, expect, it } from 'vitest';
import { filterCovers, filtersIntersect } from './filters';

describe('filterCovers(outer, inner)', () => {
  it.each([
    ['#', 'a/b', true],
    ['a/#', 'a', true], // [MQTT-4.7.1-2] '#' includes the parent level
    ['a/#', 'a/#', true],
    ['a/+', 'a/b', true],
    ['a/+', 'a/+', true],
    ['a/+', 'a/#', false], // a/# reaches `a` and a/b/c
    ['a/+/#', 'a/#', false], // a/# reaches `a`, which a/+/# does not
    ['a/b', 'a/+', false],
    ['+/+', 'a/', true], // empty levels are levels
    ['+', '', true],
    ['a', 'a/b', false],
    ['a/b', 'a', false],
    ['#', '$SYS/x', false], // [MQTT-4.7.2-1]
    ['+/x', '$SYS/x', false],
    ['$SYS/#', '$SYS/x', true],
    ['#', '+/x', true], // wildcard-first inner reaches no $ topic
    ['+/#', '#', true], // no topic has 0 levels: both are "one level or more"
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(filterCovers(outer, inner)).toBe(expected);
  });
});

describe('filtersIntersect(a, b)', () => {
  it.each([
    ['#', 'a/b', true],
    ['a/#', 'a', true],
    ['a', 'a/#', true],
    ['a/+', 'a', false],
    ['a/+', '+/b', true],
    ['a/b', 'a/c', false],
    ['a//b', 'a/+/b', true],
    ['#', '$SYS/x', false], // [MQTT-4.7.2-1]
    ['+/#', '$SYS/#', false],
    ['$SYS/#', '$SYS/+', true],
    ['+', '#', true],
    ['a/b/c', 'a/#', true],
    ['a/b', 'a/b/+', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(filtersIntersect(a, b)).toBe(expected);
    expect(filtersIntersect(b, a)).toBe(expected);
  });
});
