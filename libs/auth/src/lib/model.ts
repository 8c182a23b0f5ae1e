import { validateTopicFilter } from '@mithqtt/topic';

/** A built-in user. `passwordHash` is an encoded scrypt hash (see password/scrypt-hash.ts). */
export interface User {
  readonly username: string;
  readonly passwordHash: string;
  readonly disabled: boolean;
  /** ISO 8601. */
  readonly createdAt: string;
}

/** Whom an ACL rule applies to. `anonymous` = connected without a username. */
export type AclSubject =
  | { readonly type: 'user'; readonly username: string }
  | { readonly type: 'client'; readonly clientId: string }
  | { readonly type: 'anonymous' }
  | { readonly type: 'all' };

export type AclAction = 'publish' | 'subscribe' | 'all';
export type AclEffect = 'allow' | 'deny';

/** A rule as given (before the store assigns its id). */
export interface AclRuleInput {
  readonly subject: AclSubject;
  readonly action: AclAction;
  readonly effect: AclEffect;
  /** An MQTT topic filter; `%u` and `%c` stand for the client's username and client id. */
  readonly filter: string;
}

/** A stored rule; the store keeps rules in order, and order decides (first match). */
export interface AclRule extends AclRuleInput {
  readonly id: string;
}

/** Bad user or rule data; `field` names the offending field. */
export class AuthModelError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'AuthModelError';
  }
}

const ACTIONS: readonly string[] = ['publish', 'subscribe', 'all'];
const EFFECTS: readonly string[] = ['allow', 'deny'];

/**
 * Checks a rule from an untrusted source (file, Redis, CLI, HTTP, JWT claim) and returns it
 * typed; throws AuthModelError naming the field otherwise. The filter is checked with the
 * placeholders filled in, since `%u`/`%c` may sit inside a level (`dev-%c/#`).
 */
export function parseRuleInput(value: unknown): AclRuleInput {
  const v = record(value, 'rule');
  const action = v['action'];
  if (typeof action !== 'string' || !ACTIONS.includes(action)) {
    throw new AuthModelError('action', 'must be publish, subscribe or all');
  }
  const effect = v['effect'];
  if (typeof effect !== 'string' || !EFFECTS.includes(effect)) {
    throw new AuthModelError('effect', 'must be allow or deny');
  }
  const filter = v['filter'];
  if (typeof filter !== 'string') throw new AuthModelError('filter', 'must be a string');
  const problem = validateTopicFilter(filter.replaceAll(/%[uc]/g, 'x'), { allowShared: false });
  if (problem !== null) throw new AuthModelError('filter', `invalid topic filter (${problem})`);
  return {
    subject: parseSubject(v['subject']),
    action: action as AclAction,
    effect: effect as AclEffect,
    filter,
  };
}

/** A stored rule: a rule input plus its id. */
export function parseRule(value: unknown): AclRule {
  const id = record(value, 'rule')['id'];
  if (typeof id !== 'string' || id === '')
    throw new AuthModelError('id', 'must be a non-empty string');
  return { id, ...parseRuleInput(value) };
}

function parseSubject(value: unknown): AclSubject {
  const s = record(value, 'subject');
  switch (s['type']) {
    case 'user':
      if (typeof s['username'] !== 'string') {
        throw new AuthModelError('subject.username', 'must be a string');
      }
      return { type: 'user', username: s['username'] };
    case 'client':
      if (typeof s['clientId'] !== 'string') {
        throw new AuthModelError('subject.clientId', 'must be a string');
      }
      return { type: 'client', clientId: s['clientId'] };
    case 'anonymous':
    case 'all':
      return { type: s['type'] };
    default:
      throw new AuthModelError('subject.type', 'must be user, client, anonymous or all');
  }
}

/** Checks a stored user record (file or Redis) and returns it typed. */
export function parseUser(value: unknown): User {
  const v = record(value, 'user');
  const username = v['username'];
  if (typeof username !== 'string' || username === '') {
    throw new AuthModelError('username', 'must be a non-empty string');
  }
  const passwordHash = v['passwordHash'];
  if (typeof passwordHash !== 'string' || !passwordHash.startsWith('$')) {
    throw new AuthModelError('passwordHash', 'must be an encoded hash');
  }
  if (typeof v['disabled'] !== 'boolean') throw new AuthModelError('disabled', 'must be a boolean');
  const createdAt = v['createdAt'];
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) {
    throw new AuthModelError('createdAt', 'must be an ISO 8601 date');
  }
  return { username, passwordHash, disabled: v['disabled'], createdAt };
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuthModelError(field, 'must be an object');
  }
  return value as Record<string, unknown>;
}

/** One line per rule for logs and the CLI, e.g. `#3 allow publish user:alice sensors/%u/#`. */
export function describeRule(rule: AclRule): string {
  const s = rule.subject;
  const who =
    s.type === 'user'
      ? `user:${s.username}`
      : s.type === 'client'
        ? `client:${s.clientId}`
        : s.type;
  return `#${rule.id} ${rule.effect} ${rule.action} ${who} ${rule.filter}`;
}
