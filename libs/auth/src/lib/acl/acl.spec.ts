import { topicMatches } from '@mithqtt/topic';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AclRuleInput, AclSubject } from '../model';
import { compileRules, decidePublish, decideSubscribe } from './acl';

const all: AclSubject = { type: 'all' };
const rule = (
  effect: 'allow' | 'deny',
  action: 'publish' | 'subscribe' | 'all',
  filter: string,
  subject: AclSubject = all,
): AclRuleInput => ({ effect, action, filter, subject });
const alice = { clientId: 'c1', username: 'alice' };
const anon = { clientId: 'c2', username: undefined };

describe('first-match publish decisions', () => {
  const rules = [rule('deny', 'publish', 'secret/#'), rule('allow', 'all', '#')];
  it('the first matching rule decides, in order', () => {
    const c = compileRules(rules, alice);
    expect(decidePublish(c, 'secret/x', true)).toBe(false);
    expect(decidePublish(c, 'public/x', false)).toBe(true);
  });
  it('falls back to the default when nothing matches', () => {
    const c = compileRules([rule('allow', 'publish', 'a')], alice);
    expect(decidePublish(c, 'b', false)).toBe(false);
    expect(decidePublish(c, 'b', true)).toBe(true);
  });
  it('subscribe-only rules do not decide publishes', () => {
    const c = compileRules([rule('deny', 'subscribe', '#')], alice);
    expect(decidePublish(c, 'x', true)).toBe(true);
    expect(decideSubscribe(c, 'x', true)).toBe(false);
  });
});

describe('subjects', () => {
  it('user, client, anonymous and all rules apply to whom they name', () => {
    const rules = [
      rule('allow', 'publish', 'u', { type: 'user', username: 'alice' }),
      rule('allow', 'publish', 'c', { type: 'client', clientId: 'c2' }),
      rule('allow', 'publish', 'n', { type: 'anonymous' }),
    ];
    const a = compileRules(rules, alice);
    const n = compileRules(rules, anon);
    expect([
      decidePublish(a, 'u', false),
      decidePublish(a, 'c', false),
      decidePublish(a, 'n', false),
    ]).toEqual([true, false, false]);
    expect([
      decidePublish(n, 'u', false),
      decidePublish(n, 'c', false),
      decidePublish(n, 'n', false),
    ]).toEqual([false, true, true]);
  });
});

describe('%u and %c substitution', () => {
  it('fills in the username and client id', () => {
    const c = compileRules([rule('allow', 'all', 'users/%u/%c/#')], alice);
    expect(decidePublish(c, 'users/alice/c1/x', false)).toBe(true);
    expect(decidePublish(c, 'users/bob/c1/x', false)).toBe(false);
    expect(decideSubscribe(c, 'users/alice/c1/#', false)).toBe(true);
    expect(decideSubscribe(c, 'users/+/c1/#', false)).toBe(false);
  });
  it('works inside a level', () => {
    const c = compileRules([rule('allow', 'publish', 'dev-%c')], alice);
    expect(decidePublish(c, 'dev-c1', false)).toBe(true);
  });
  it('a %u rule does not apply to anonymous clients', () => {
    const c = compileRules([rule('allow', 'all', 'users/%u/#'), rule('deny', 'all', 'x/%u')], anon);
    expect(c).toEqual([]);
  });
  it('a username with wildcards or / cannot widen an allow rule, and a deny rule then denies all', () => {
    for (const username of ['+', '#', 'a/b']) {
      const who = { clientId: 'c', username };
      expect(
        decideSubscribe(
          compileRules([rule('allow', 'all', 'users/%u/#')], who),
          'users/x/#',
          false,
        ),
      ).toBe(false);
      const deny = compileRules([rule('deny', 'all', 'users/%u/#')], who);
      expect(decidePublish(deny, 'anything', true)).toBe(false);
      expect(decideSubscribe(deny, '$SYS/#', true)).toBe(false);
    }
  });
});

describe('wildcard subscriptions cannot reach a denied topic', () => {
  const rules = compileRules(
    [rule('deny', 'subscribe', 'secret/#'), rule('allow', 'subscribe', '#')],
    alice,
  );
  it('# is denied because it would reach secret/...', () => {
    expect(decideSubscribe(rules, '#', true)).toBe(false);
    expect(decideSubscribe(rules, '+/x', true)).toBe(false);
    expect(decideSubscribe(rules, 'public/#', true)).toBe(true);
  });
  it('a partial allow decides nothing: the default decides the rest', () => {
    const c = compileRules([rule('allow', 'subscribe', 'a/b')], alice);
    expect(decideSubscribe(c, 'a/+', false)).toBe(false);
    expect(decideSubscribe(c, 'a/+', true)).toBe(true);
  });
  it('[MQTT-4.7.2-1] $SYS/# is readable only where a rule grants a $SYS filter', () => {
    const open = compileRules([rule('allow', 'subscribe', '#')], alice);
    expect(decideSubscribe(open, '$SYS/#', false)).toBe(false);
    const granted = compileRules([rule('allow', 'subscribe', '$SYS/#')], alice);
    expect(decideSubscribe(granted, '$SYS/#', false)).toBe(true);
  });
  it('$share/{group}/ is not part of the rules (the caller strips it)', () => {
    expect(decideSubscribe(rules, 'secret/x', true)).toBe(false);
  });
});

describe('soundness (property): an allowed SUBSCRIBE reaches only allowed topics', () => {
  const LEVELS = ['a', 'b', '$a', '+'];
  const TOPIC_LEVELS = ['a', 'b', '$a', 'z'];
  const topics: string[] = [];
  const grow = (p: string[], d: number): void => {
    if (p.length > 0) topics.push(p.join('/'));
    if (d > 0) for (const l of TOPIC_LEVELS) grow([...p, l], d - 1);
  };
  grow([], 3);
  const filter = fc
    .tuple(fc.array(fc.constantFrom(...LEVELS), { maxLength: 2 }), fc.boolean())
    .filter(([l, h]) => l.length > 0 || h)
    .map(([l, h]) => (h ? [...l, '#'] : l).join('/'));
  const anyRule = fc
    .tuple(
      fc.constantFrom('allow' as const, 'deny' as const),
      fc.constantFrom('subscribe' as const, 'all' as const),
      filter,
    )
    .map(([e, a, f]) => rule(e, a, f));

  it('holds for random rule lists and defaults', () => {
    fc.assert(
      fc.property(
        fc.array(anyRule, { maxLength: 5 }),
        filter,
        fc.boolean(),
        (rs, requested, fallback) => {
          const c = compileRules(rs, alice);
          if (!decideSubscribe(c, requested, fallback)) return;
          for (const t of topics.filter((x) => topicMatches(requested, x))) {
            // the per-topic first-match read decision
            const first = c.find((r) => r.subscribe && topicMatches(r.filter, t));
            expect(first ? first.effect === 'allow' : fallback).toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
