import { topicMatches } from '@mithqtt/topic';
import type { AclEffect, AclRuleInput } from '../model';
import { filterCovers, filtersIntersect } from './filters';

/** Who asks: the values the rules' subjects and `%u` / `%c` placeholders refer to. */
export interface AclIdentity {
  readonly clientId: string;
  /** undefined = connected without a username (anonymous). */
  readonly username: string | undefined;
}

/** A rule applicable to one client, placeholders filled in. */
export interface CompiledRule {
  readonly effect: AclEffect;
  readonly publish: boolean;
  readonly subscribe: boolean;
  readonly filter: string;
  /**
   * A deny rule whose placeholder value cannot be put in a filter (it holds '/', '+', '#'):
   * it denies everything, `$` topics included, rather than being silently skipped.
   */
  readonly everything: boolean;
}

/**
 * The rules that apply to `who`, in order, with `%u` and `%c` substituted.
 *
 * A value holding '/', '+' or '#' would widen the filter (username `+` turning
 * `users/%u/#` into `users/+/#`), so such an allow rule is skipped and such a deny rule denies
 * everything. A `%u` rule does not apply to an anonymous client (there is no name to put in).
 */
export function compileRules(rules: readonly AclRuleInput[], who: AclIdentity): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const rule of rules) {
    if (!subjectApplies(rule, who)) continue;
    const publish = rule.action !== 'subscribe';
    const subscribe = rule.action !== 'publish';
    const filled = substitute(rule.filter, who);
    if (filled === undefined) continue;
    if (filled === null) {
      if (rule.effect === 'deny') {
        out.push({ effect: 'deny', publish, subscribe, filter: '#', everything: true });
      }
      continue;
    }
    out.push({ effect: rule.effect, publish, subscribe, filter: filled, everything: false });
  }
  return out;
}

function subjectApplies(rule: AclRuleInput, who: AclIdentity): boolean {
  const s = rule.subject;
  switch (s.type) {
    case 'all':
      return true;
    case 'anonymous':
      return who.username === undefined;
    case 'user':
      return who.username === s.username;
    case 'client':
      return who.clientId === s.clientId;
  }
}

// MQTT strings cannot hold U+0000 [MQTT-1.5.4-2], so it needs no check here.
const UNSAFE = /[/+#]/;

/** The filled-in filter; undefined = rule does not apply, null = unsafe value. */
function substitute(filter: string, who: AclIdentity): string | undefined | null {
  if (!filter.includes('%')) return filter;
  let unsafe = false;
  let missing = false;
  const filled = filter.replaceAll(/%[uc]/g, (p) => {
    const value = p === '%u' ? who.username : who.clientId;
    if (value === undefined) missing = true;
    else if (UNSAFE.test(value)) unsafe = true;
    return value ?? '';
  });
  if (missing) return undefined;
  return unsafe ? null : filled;
}

/** First match: the first publish rule whose filter matches `topic` decides. */
export function decidePublish(
  rules: readonly CompiledRule[],
  topic: string,
  fallback: boolean,
): boolean {
  for (const r of rules) {
    if (r.publish && (r.everything || topicMatches(r.filter, topic))) return r.effect === 'allow';
  }
  return fallback;
}

/**
 * A SUBSCRIBE filter is allowed only if every topic it can match would be allowed, so a
 * wildcard cannot reach a denied topic. Walking the rules in order: a deny rule that shares
 * any topic with the filter denies; an allow rule covering the whole filter allows; an allow
 * rule covering part of it decides nothing (the rest must still be checked), and then the
 * default decides. Conservative: a filter covered only by the union of several allow rules is
 * denied (never the other way round). `$share/{group}/` is stripped by the caller.
 */
export function decideSubscribe(
  rules: readonly CompiledRule[],
  filter: string,
  fallback: boolean,
): boolean {
  for (const r of rules) {
    if (!r.subscribe) continue;
    if (r.effect === 'deny') {
      if (r.everything || filtersIntersect(r.filter, filter)) return false;
    } else if (filterCovers(r.filter, filter)) {
      return true;
    }
  }
  return fallback;
}
