import type { AclRuleInput, AuthStore, User } from '@mithqtt/auth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const user = (username: string, disabled = false): User => ({
  username,
  passwordHash: `$scrypt$ln=10,r=8,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`,
  disabled,
  createdAt: '2026-01-02T03:04:05.000Z',
});
const rule = (filter: string, effect: 'allow' | 'deny' = 'allow'): AclRuleInput => ({
  subject: { type: 'user', username: 'alice' },
  action: 'publish',
  effect,
  filter,
});
const filters = async (store: AuthStore): Promise<string[]> =>
  (await store.listRules()).map((r) => r.filter);

/**
 * The behaviour every AuthStore adapter must have (memory, file, Redis): run it from each
 * adapter's spec with a factory returning a fresh, empty store.
 */
export function describeAuthStoreContract(
  name: string,
  factory: () => Promise<AuthStore> | AuthStore,
  teardown?: (store: AuthStore) => Promise<void> | void,
): void {
  describe(`AuthStore contract: ${name}`, () => {
    let store: AuthStore;
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await teardown?.(store);
      await store.close();
    });

    it('starts empty', async () => {
      expect(await store.listUsers()).toEqual([]);
      expect(await store.listRules()).toEqual([]);
      expect(await store.getUser('alice')).toBeUndefined();
    });

    it('creates users once, lists them sorted, reads them back exactly', async () => {
      expect(await store.createUser(user('bob'))).toBe(true);
      expect(await store.createUser(user('alice', true))).toBe(true);
      expect(await store.createUser(user('bob', true))).toBe(false);
      expect(await store.getUser('alice')).toEqual(user('alice', true));
      expect(await store.getUser('bob')).toEqual(user('bob')); // not overwritten
      expect((await store.listUsers()).map((u) => u.username)).toEqual(['alice', 'bob']);
    });

    it('updates and deletes only existing users', async () => {
      expect(await store.updateUser(user('ghost'))).toBe(false);
      expect(await store.getUser('ghost')).toBeUndefined();
      await store.createUser(user('alice'));
      expect(await store.updateUser(user('alice', true))).toBe(true);
      expect((await store.getUser('alice'))?.disabled).toBe(true);
      expect(await store.deleteUser('alice')).toBe(true);
      expect(await store.deleteUser('alice')).toBe(false);
      expect(await store.getUser('alice')).toBeUndefined();
    });

    it('keeps usernames with special characters apart', async () => {
      for (const name of ['a:b', 'a b', '{x}', 'ü/%u']) await store.createUser(user(name));
      expect((await store.listUsers()).map((u) => u.username).sort()).toEqual(
        ['a b', 'a:b', 'ü/%u', '{x}'].sort(),
      );
      expect((await store.getUser('{x}'))?.username).toBe('{x}');
    });

    it('appends rules in order with distinct ids, and inserts at a position', async () => {
      const a = await store.addRule(rule('a'));
      const b = await store.addRule(rule('b'));
      const first = await store.addRule(rule('first'), 0);
      const mid = await store.addRule(rule('mid'), 2);
      await store.addRule(rule('last'), 99);
      expect(new Set([a.id, b.id, first.id, mid.id]).size).toBe(4);
      expect(await filters(store)).toEqual(['first', 'a', 'mid', 'b', 'last']);
      expect(await store.getRule(mid.id)).toEqual({ ...rule('mid'), id: mid.id });
    });

    it('keeps every field of a rule', async () => {
      const input: AclRuleInput = {
        subject: { type: 'client', clientId: 'dev-1' },
        action: 'subscribe',
        effect: 'deny',
        filter: 'a/%c/#',
      };
      const stored = await store.addRule(input);
      expect(await store.listRules()).toEqual([{ ...input, id: stored.id }]);
      const anon = await store.addRule({ ...input, subject: { type: 'anonymous' } });
      expect((await store.getRule(anon.id))?.subject).toEqual({ type: 'anonymous' });
    });

    it('updates a rule in place and deletes by id; ids are not reused', async () => {
      const a = await store.addRule(rule('a'));
      const b = await store.addRule(rule('b'));
      expect(await store.updateRule({ ...rule('a2', 'deny'), id: a.id })).toBe(true);
      expect(await store.updateRule({ ...rule('x'), id: 'nope' })).toBe(false);
      expect(await filters(store)).toEqual(['a2', 'b']);
      expect((await store.getRule(a.id))?.effect).toBe('deny');
      expect(await store.deleteRule(a.id)).toBe(true);
      expect(await store.deleteRule(a.id)).toBe(false);
      expect(await store.getRule(a.id)).toBeUndefined();
      const c = await store.addRule(rule('c'));
      expect([a.id, b.id]).not.toContain(c.id);
      expect(await filters(store)).toEqual(['b', 'c']);
    });

    it('changes its version and notifies listeners on every write, not on no-ops', async () => {
      let calls = 0;
      const off = store.onChange(() => calls++);
      const v0 = await store.version();
      await store.createUser(user('alice'));
      const v1 = await store.version();
      expect(v1).not.toBe(v0);
      await store.createUser(user('alice')); // exists: no change
      await store.deleteRule('missing');
      expect(await store.version()).toBe(v1);
      const r = await store.addRule(rule('a'));
      await store.deleteRule(r.id);
      expect(calls).toBe(3);
      off();
      await store.deleteUser('alice');
      expect(calls).toBe(3);
    });

    it('runs concurrent writes without losing any', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.addRule(rule(`r${i}`))));
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.createUser(user(`u${i}`))));
      expect((await store.listRules()).length).toBe(20);
      expect((await store.listUsers()).length).toBe(20);
    });
  });
}
