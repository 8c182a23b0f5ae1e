import { AuthModelError, type AclAction, type AclRuleInput, parseRuleInput } from '../model';

const ACTIONS: readonly AclAction[] = ['publish', 'subscribe', 'all'];

/**
 * Per-connection allow rules carried by a JWT claim or a webhook reply:
 * `{"publish": ["a/%c/#"], "subscribe": ["b/+"], "all": ["c"]}` (each list optional). They
 * belong to that one connection and are evaluated before the stored rules; placeholders work
 * as in stored rules. Throws AuthModelError naming the bad entry.
 */
export function parseGrants(value: unknown): AclRuleInput[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new AuthModelError('acl', 'must be an object of publish/subscribe/all filter lists');
  }
  const v = value as Record<string, unknown>;
  const rules: AclRuleInput[] = [];
  for (const action of ACTIONS) {
    const filters = v[action] ?? [];
    if (!Array.isArray(filters)) throw new AuthModelError(`acl.${action}`, 'must be an array');
    filters.forEach((filter: unknown, i) => {
      try {
        rules.push(parseRuleInput({ subject: { type: 'all' }, action, effect: 'allow', filter }));
      } catch (e: unknown) {
        if (e instanceof AuthModelError) throw new AuthModelError(`acl.${action}[${i}]`, e.message);
        throw e;
      }
    });
  }
  return rules;
}
