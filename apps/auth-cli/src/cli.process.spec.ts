import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FileAuthStore, verifyPassword } from '@mithqtt/auth';
import { RedisAuthStore } from '@mithqtt/redis';
import { startRedis } from '@mithqtt/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MAIN = join(ROOT, 'dist/apps/auth-cli/main.js');

/** Runs the built CLI as `npm run auth` does, with `stdin` piped in. */
function auth(env: Record<string, string>, args: string[], stdin = '') {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env['PATH'], ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['tools/build/build-app.mjs', 'auth-cli'], {
    cwd: ROOT,
  });
}, 120_000);

describe('auth CLI process: file store', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'auth-cli-')), 'auth.json');
  const env = { AUTH_FILE: file };

  it('adds a user with the password from stdin, stores only its hash', async () => {
    const r = await auth(env, ['user', 'add', 'alice'], 'pa55word\n');
    expect(r).toMatchObject({ code: 0, stdout: 'user alice added\n' });
    expect(readFileSync(file, 'utf8')).not.toContain('pa55word');
    const user = await (await FileAuthStore.open(file)).getUser('alice');
    expect(await verifyPassword('pa55word', user?.passwordHash ?? '')).toBe(true);
  });

  it('adds and lists rules; bad input exits 2 naming the problem', async () => {
    expect((await auth(env, ['rule', 'add', 'deny', 'all', 'all', 'secret/#'])).code).toBe(0);
    expect((await auth(env, ['rule', 'list'])).stdout).toBe('#1 deny all all secret/#\n');
    const bad = await auth(env, ['rule', 'add', 'deny', 'all', 'all', 'a/#/b']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/filter: invalid topic filter/);
  });

  it('a bad setting exits 78 naming it', async () => {
    const r = await auth({ AUTH_FILE: 'x.txt' }, ['user', 'list']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('AUTH_FILE');
  });
});

describe('auth CLI process: Redis store', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('writes users and rules where the broker reads them', async () => {
    const env = { AUTH_STORE: 'redis', REDIS_URL: server.url, REDIS_KEY_PREFIX: 'cli' };
    expect((await auth(env, ['user', 'add', 'bob'], 'pw\n')).code).toBe(0);
    expect((await auth(env, ['rule', 'add', 'allow', 'publish', 'user:bob', 'b/%u'])).code).toBe(0);
    const redis = new Redis(server.port, '127.0.0.1');
    const store = new RedisAuthStore(redis, 'cli');
    expect((await store.listRules()).map((r) => r.filter)).toEqual(['b/%u']);
    expect(await verifyPassword('pw', (await store.getUser('bob'))?.passwordHash ?? '')).toBe(true);
    redis.disconnect();
  });

  it('AUTH_STORE=redis without REDIS_URL is a config error', async () => {
    const r = await auth({ AUTH_STORE: 'redis' }, ['rule', 'list']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('AUTH_STORE');
  });
});
