import { MemoryAuthStore, verifyPassword } from '@mithqtt/auth';
import { describe, expect, it } from 'vitest';
import { AdminError } from '../admin/admin.port';
import { UsersAdmin } from './users-admin';

const cheap = { ln: 4, r: 8, p: 1 };
const rule = {
  subject: { type: 'all' as const },
  action: 'all' as const,
  effect: 'allow' as const,
};

describe('UsersAdmin', () => {
  it('stores a scrypt hash of the password and never returns it', async () => {
    const store = new MemoryAuthStore();
    const admin = new UsersAdmin(store, cheap);
    const view = await admin.createUser({
      username: 'alice',
      password: 'pw-123456',
      disabled: false,
    });
    expect(Object.keys(view).sort()).toEqual(['createdAt', 'disabled', 'username']);
    const stored = await store.getUser('alice');
    expect(stored?.passwordHash).toMatch(/^\$scrypt\$/);
    expect(await verifyPassword('pw-123456', stored?.passwordHash ?? '')).toBe(true);
  });

  it('a second user with the same name is a conflict naming the username', async () => {
    const admin = new UsersAdmin(new MemoryAuthStore(), cheap);
    await admin.createUser({ username: 'bob', password: 'pw-123456', disabled: false });
    await expect(
      admin.createUser({ username: 'bob', password: 'other-pw', disabled: false }),
    ).rejects.toMatchObject({ code: 'conflict', field: 'username' });
  });

  it('updates only what the body names; an unknown user is undefined', async () => {
    const store = new MemoryAuthStore();
    const admin = new UsersAdmin(store, cheap);
    await admin.createUser({ username: 'carol', password: 'pw-123456', disabled: false });
    const before = (await store.getUser('carol'))?.passwordHash;
    expect(await admin.updateUser('carol', { disabled: true })).toMatchObject({ disabled: true });
    expect((await store.getUser('carol'))?.passwordHash).toBe(before);
    await admin.updateUser('carol', { password: 'new-pw-123' });
    expect(
      await verifyPassword('new-pw-123', (await store.getUser('carol'))?.passwordHash ?? ''),
    ).toBe(true);
    expect((await store.getUser('carol'))?.disabled).toBe(true);
    expect(await admin.updateUser('nobody', { disabled: true })).toBeUndefined();
  });

  it('inserts rules at a position and reports positions in evaluation order', async () => {
    const admin = new UsersAdmin(new MemoryAuthStore(), cheap);
    const a = await admin.addRule({ ...rule, filter: 'a/#' });
    const b = await admin.addRule({ ...rule, filter: 'b/#', position: 0 });
    expect(b.position).toBe(0);
    expect((await admin.listRules()).map((r) => [r.filter, r.position])).toEqual([
      ['b/#', 0],
      ['a/#', 1],
    ]);
    expect(await admin.updateRule(a.id, { ...rule, effect: 'deny', filter: 'a/+' })).toMatchObject({
      id: a.id,
      position: 1,
      effect: 'deny',
    });
    expect(await admin.deleteRule(a.id)).toBe(true);
    expect(await admin.getRule(a.id)).toBeUndefined();
  });

  it('refuses a filter that is invalid once %u/%c are filled in, naming the filter', async () => {
    const admin = new UsersAdmin(new MemoryAuthStore(), cheap);
    const error = await admin.addRule({ ...rule, filter: 'a/%u#' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminError);
    expect(error).toMatchObject({ code: 'invalid-request', field: 'filter' });
  });
});
