import { MemoryAuthStore, verifyPassword } from '@mithqtt/auth';
import { describe, expect, it } from 'vitest';
import { runCommand, UsageError } from './commands';

function cli(passwords: string[] = []) {
  const store = new MemoryAuthStore();
  const lines: string[] = [];
  const run = (...args: string[]) =>
    runCommand(args, {
      store,
      readPassword: () => Promise.resolve(passwords.shift() ?? ''),
      out: (l) => lines.push(l),
      hash: undefined,
    });
  return { store, lines, run };
}

describe('auth CLI commands', () => {
  it('adds a user with a scrypt hash of the password read (not an argument)', async () => {
    const c = cli(['s3cret']);
    expect(await c.run('user', 'add', 'alice')).toBe(0);
    const user = await c.store.getUser('alice');
    expect(user?.passwordHash).toMatch(/^\$scrypt\$/);
    expect(await verifyPassword('s3cret', user?.passwordHash ?? '')).toBe(true);
    expect(c.lines.join('\n')).not.toContain('s3cret');
  });

  it('refuses a password given as an argument, and an empty password', async () => {
    const c = cli(['']);
    await expect(c.run('user', 'add', 'alice', 's3cret')).rejects.toThrow(UsageError);
    await expect(c.run('user', 'add', 'alice', '--password=x')).rejects.toThrow(
      /never taken from arguments/,
    );
    await expect(c.run('user', 'add', 'alice')).rejects.toThrow(/empty password/);
    expect(await c.store.listUsers()).toEqual([]);
  });

  it('lists, disables, changes the password of and removes users', async () => {
    const c = cli(['one', 'two']);
    await c.run('user', 'add', 'bob', '--disabled');
    expect((await c.store.getUser('bob'))?.disabled).toBe(true);
    expect(await c.run('user', 'enable', 'bob')).toBe(0);
    expect(await c.run('user', 'passwd', 'bob')).toBe(0);
    expect(await verifyPassword('two', (await c.store.getUser('bob'))?.passwordHash ?? '')).toBe(
      true,
    );
    c.lines.length = 0;
    await c.run('user', 'list');
    expect(c.lines).toEqual([expect.stringMatching(/^bob created \d{4}-/)]);
    expect(await c.run('user', 'remove', 'bob')).toBe(0);
    expect(await c.run('user', 'remove', 'bob')).toBe(1);
    expect(await c.run('user', 'passwd', 'ghost')).toBe(1);
  });

  it('adds rules in order (or at a position), lists and removes them', async () => {
    const c = cli();
    await c.run('rule', 'add', 'allow', 'all', 'user:alice', 'users/%u/#');
    await c.run('rule', 'add', 'deny', 'subscribe', 'all', '$SYS/#', '--position', '0');
    await c.run('rule', 'add', 'allow', 'publish', 'client:dev-1', 'dev/%c');
    c.lines.length = 0;
    await c.run('rule', 'list');
    expect(c.lines).toEqual([
      '#2 deny subscribe all $SYS/#',
      '#1 allow all user:alice users/%u/#',
      '#3 allow publish client:dev-1 dev/%c',
    ]);
    expect(await c.run('rule', 'remove', '2')).toBe(0);
    expect(await c.run('rule', 'remove', '2')).toBe(1);
  });

  it('names the bad part of a rule', async () => {
    const c = cli();
    await expect(c.run('rule', 'add', 'allow', 'read', 'all', 'x')).rejects.toThrow(/action/);
    await expect(c.run('rule', 'add', 'allow', 'all', 'group:x', 'x')).rejects.toThrow(/subject/);
    await expect(c.run('rule', 'add', 'allow', 'all', 'all', 'a/#/b')).rejects.toThrow(/filter/);
    await expect(
      c.run('rule', 'add', 'allow', 'all', 'all', 'x', '--position', 'top'),
    ).rejects.toThrow(/--position/);
    await expect(c.run('group', 'add')).rejects.toThrow(UsageError);
  });
});
