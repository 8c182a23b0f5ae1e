import { FileAuthStore } from '@mithqtt/auth';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeAuthStoreContract } from './auth-store.contract';

const dir = mkdtempSync(join(tmpdir(), 'auth-file-'));
let n = 0;
const fresh = (): string => join(dir, `s${++n}`, 'auth.json');

describeAuthStoreContract('FileAuthStore', () => FileAuthStore.open(fresh()));

// The same contract again, each store re-opened from its file after every write: proves that
// what a store says it holds is what is on disk.
describeAuthStoreContract('FileAuthStore (re-read from disk)', async () => {
  const path = fresh();
  const store = await FileAuthStore.open(path);
  return new Proxy(store, {
    get(target, prop: keyof FileAuthStore) {
      if (
        prop === 'listRules' ||
        prop === 'listUsers' ||
        prop === 'getUser' ||
        prop === 'getRule'
      ) {
        return async (...args: unknown[]) => {
          await target.close();
          const reread = await FileAuthStore.open(path);
          return (reread[prop] as (...a: unknown[]) => unknown)(...args);
        };
      }
      const value = target[prop];
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
});

describe('FileAuthStore specifics', () => {
  const user = {
    username: 'u',
    passwordHash: '$scrypt$x',
    disabled: false,
    createdAt: '2026-01-01T00:00:00Z',
  };

  it('writes atomically with mode 0600 and leaves no temporary file', async () => {
    const path = fresh();
    const store = await FileAuthStore.open(path);
    await store.createUser(user);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(path, '..'))).toEqual(['auth.json']);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ users: [user] });
  });

  it('refuses a bad file naming the field', async () => {
    const path = fresh();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(
      path,
      JSON.stringify({
        rules: [
          { id: '1', subject: { type: 'all' }, action: 'read', effect: 'allow', filter: '#' },
        ],
      }),
    );
    await expect(FileAuthStore.open(path)).rejects.toThrow(
      /auth\.json: rules\[0\]\.action: must be publish, subscribe or all/,
    );
    writeFileSync(path, '{nope');
    await expect(FileAuthStore.open(path)).rejects.toThrow(/not valid JSON/);
  });

  it('notices another process rewriting the file (the CLI) and notifies', async () => {
    const path = fresh();
    const broker = await FileAuthStore.open(path, { watchIntervalMs: 20 });
    const cli = await FileAuthStore.open(path);
    let changed = 0;
    broker.onChange(() => changed++);
    await cli.addRule({ subject: { type: 'all' }, action: 'all', effect: 'deny', filter: 'x' });
    await cli.close();
    const deadline = Date.now() + 5000;
    while (changed === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(changed).toBeGreaterThan(0);
    expect((await broker.listRules()).map((r) => r.filter)).toEqual(['x']);
    await broker.close();
  });
});
