import { createHmac, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JwtAuthenticator } from '../jwt/jwt-authenticator';
import { hashPassword } from '../password/scrypt-hash';
import { MemoryAuthStore } from '../store/memory-auth.store';
import { type WebhookPost, WebhookAuthenticator } from '../webhook/webhook-authenticator';
import { anonymousAllowed, isLoopbackHost } from './anonymous-policy';
import { type AuthenticatorOptions, Authenticator, type DenialEvent } from './authenticator';

const FAST = { ln: 10, r: 8, p: 1 };
const req = (username?: string, password?: string, clientId = 'c1') => ({
  clientId,
  username,
  password: password === undefined ? undefined : Buffer.from(password),
  remoteAddress: '127.0.0.1',
  protocolVersion: 4,
});
const all = { type: 'all' } as const;

async function setup(options: Partial<AuthenticatorOptions> = {}) {
  const store = new MemoryAuthStore();
  await store.createUser({
    username: 'alice',
    passwordHash: await hashPassword('pw', FAST),
    disabled: false,
    createdAt: new Date().toISOString(),
  });
  await store.createUser({
    username: 'off',
    passwordHash: await hashPassword('pw', FAST),
    disabled: true,
    createdAt: new Date().toISOString(),
  });
  const denials: DenialEvent[] = [];
  const auth = await Authenticator.create({
    store,
    mode: 'builtin',
    anonymous: false,
    aclDefault: 'auto',
    onDenied: (e) => denials.push(e),
    ...options,
  });
  return { store, auth, denials };
}

describe('Authenticator: built-in users', () => {
  it('accepts the right password, refuses a wrong one or an unknown user with 0x04', async () => {
    const { auth } = await setup();
    expect(await auth.authenticate(req('alice', 'pw'))).toEqual({ ok: true });
    expect(await auth.authenticate(req('alice', 'nope'))).toEqual({
      ok: false,
      reason: 'bad-credentials',
    });
    expect(await auth.authenticate(req('bob', 'pw'))).toEqual({
      ok: false,
      reason: 'bad-credentials',
    });
    expect(await auth.authenticate(req('alice'))).toEqual({ ok: false, reason: 'bad-credentials' });
  });

  it('a disabled user with the right password gets 0x05', async () => {
    const { auth } = await setup();
    expect(await auth.authenticate(req('off', 'pw'))).toEqual({
      ok: false,
      reason: 'not-authorized',
    });
    expect(await auth.authenticate(req('off', 'bad'))).toEqual({
      ok: false,
      reason: 'bad-credentials',
    });
  });

  it('anonymous: 0x05 when off, accepted when on; denials are counted without secrets', async () => {
    const off = await setup();
    expect(await off.auth.authenticate(req())).toEqual({ ok: false, reason: 'not-authorized' });
    await off.auth.authenticate(req('alice', 'hunter2'));
    expect(off.auth.stats.connectDenied).toBe(2);
    expect(JSON.stringify(off.denials)).not.toContain('hunter2');
    const on = await setup({ anonymous: true });
    expect(await on.auth.authenticate(req())).toEqual({ ok: true });
  });

  it('an unknown user takes as long as a wrong password (no enumeration by timing)', async () => {
    const { auth } = await setup();
    // The dummy hash uses the default (slow) parameters; it is created on first use.
    await auth.authenticate(req('nobody', 'x'));
    const t0 = performance.now();
    await auth.authenticate(req('nobody', 'x'));
    const unknown = performance.now() - t0;
    expect(unknown).toBeGreaterThan(20); // a real scrypt ran, not an early return
  });
});

describe('Authenticator: authorization', () => {
  it('aclDefault auto: allow with no rules at all, deny once a rule exists', async () => {
    const { auth, store } = await setup();
    const who = { clientId: 'c1', username: 'alice' };
    expect(auth.canPublish(who, 'x')).toBe(true);
    await store.addRule({ subject: all, action: 'publish', effect: 'allow', filter: 'y' });
    await auth.invalidate();
    expect(auth.canPublish(who, 'x')).toBe(false);
    expect(auth.canPublish(who, 'y')).toBe(true);
  });

  it('store changes invalidate cached decisions', async () => {
    const { auth, store } = await setup({ aclDefault: 'allow' });
    const who = { clientId: 'c1', username: 'alice' };
    const rule = await store.addRule({
      subject: all,
      action: 'all',
      effect: 'deny',
      filter: 'a/#',
    });
    await auth.invalidate();
    expect(auth.canPublish(who, 'a/1')).toBe(false);
    expect(auth.canPublish(who, 'a/1')).toBe(false); // cached
    await store.deleteRule(rule.id); // onChange -> invalidate
    await new Promise((r) => setTimeout(r, 0));
    expect(auth.canPublish(who, 'a/1')).toBe(true);
  });

  it('counts and reports denials', async () => {
    const { auth, store, denials } = await setup({ aclDefault: 'allow' });
    await store.addRule({ subject: all, action: 'all', effect: 'deny', filter: 'secret/#' });
    await auth.invalidate();
    const who = { clientId: 'c9', username: undefined };
    expect(auth.canSubscribe(who, '#')).toBe(false);
    expect(auth.canSubscribe(who, '$share/g/secret/x')).toBe(false);
    expect(auth.canSubscribe(who, '$share/g/open/x')).toBe(true);
    expect(auth.canPublish(who, 'secret/a')).toBe(false);
    expect(auth.stats).toMatchObject({ publishDenied: 1, subscribeDenied: 2 });
    expect(denials.map((d) => [d.kind, d.topic])).toEqual([
      ['subscribe', '#'],
      ['subscribe', '$share/g/secret/x'],
      ['publish', 'secret/a'],
    ]);
  });

  it('a cached client entry is not reused for another username with the same client id', async () => {
    const { auth, store } = await setup({ aclDefault: 'deny' });
    await store.addRule({
      subject: { type: 'user', username: 'alice' },
      action: 'all',
      effect: 'allow',
      filter: '#',
    });
    await auth.invalidate();
    expect(auth.canPublish({ clientId: 'c1', username: 'alice' }, 't')).toBe(true);
    expect(auth.canPublish({ clientId: 'c1', username: 'mallory' }, 't')).toBe(false);
  });
});

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
function hs256(secret: Buffer, claims: object): string {
  const input = `${b64({ alg: 'HS256' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('Authenticator: JWT mode', () => {
  const secret = Buffer.alloc(32, 1);
  const now = Date.now();
  const jwt = new JwtAuthenticator({
    keys: [{ alg: 'HS256', key: createSecretKey(secret) }],
    leewaySeconds: 0,
    usernameClaim: 'sub',
    aclClaim: 'mqtt',
    now: () => now,
  });
  const exp = Math.floor(now / 1000) + 60;

  it('accepts a valid token whose claim equals the username; ACL claims grant per connection', async () => {
    const { auth } = await setup({ mode: 'jwt', jwt, aclDefault: 'deny' });
    const token = hs256(secret, {
      sub: 'dev1',
      exp,
      mqtt: { publish: ['dev/%u/up'], subscribe: ['dev/%u/down/#'] },
    });
    expect(await auth.authenticate(req('dev1', token, 'k1'))).toEqual({ ok: true });
    const who = { clientId: 'k1', username: 'dev1' };
    expect(auth.canPublish(who, 'dev/dev1/up')).toBe(true);
    expect(auth.canPublish(who, 'dev/dev2/up')).toBe(false);
    expect(auth.canSubscribe(who, 'dev/dev1/down/#')).toBe(true);
    expect(auth.canSubscribe(who, 'dev/+/down/#')).toBe(false);
    // the grants belong to that client id only
    expect(auth.canPublish({ clientId: 'other', username: 'dev1' }, 'dev/dev1/up')).toBe(false);
  });

  it('refuses an expired token, another username and a bad ACL claim', async () => {
    const { auth } = await setup({ mode: 'jwt', jwt });
    expect(
      await auth.authenticate(req('dev1', hs256(secret, { sub: 'dev1', exp: exp - 120 }))),
    ).toEqual({ ok: false, reason: 'bad-credentials' });
    expect(await auth.authenticate(req('dev2', hs256(secret, { sub: 'dev1', exp })))).toEqual({
      ok: false,
      reason: 'bad-credentials',
    });
    expect(
      await auth.authenticate(
        req('dev1', hs256(secret, { sub: 'dev1', exp, mqtt: { publish: ['a/#/b'] } })),
      ),
    ).toEqual({ ok: false, reason: 'not-authorized' });
  });
});

describe('Authenticator: webhook mode', () => {
  function hook(
    reply: (body: Record<string, unknown>) => { status: number; text: string },
    ttl = 60_000,
  ) {
    const bodies: Record<string, unknown>[] = [];
    let t = 0;
    const post: WebhookPost = (_url, body) => {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      bodies.push(parsed);
      return Promise.resolve(reply(parsed));
    };
    const webhook = new WebhookAuthenticator({
      url: 'http://127.0.0.1:1/auth',
      timeoutMs: 100,
      cacheTtlMs: ttl,
      cacheSize: 10,
      post,
      now: () => t,
    });
    return { webhook, bodies, advance: (ms: number) => (t += ms) };
  }
  const ok = (allow: boolean, extra: object = {}) => ({
    status: 200,
    text: JSON.stringify({ allow, ...extra }),
  });

  it('allows and denies as the webhook answers, sending the password only there', async () => {
    const h = hook((b) =>
      ok(b['password'] === 'good', b['username'] === 'x' ? { reason: 'not-authorized' } : {}),
    );
    const { auth } = await setup({ mode: 'webhook', webhook: h.webhook });
    expect(await auth.authenticate(req('u', 'good'))).toEqual({ ok: true });
    expect(await auth.authenticate(req('u', 'bad'))).toEqual({
      ok: false,
      reason: 'bad-credentials',
    });
    expect(await auth.authenticate(req('x', 'bad'))).toEqual({
      ok: false,
      reason: 'not-authorized',
    });
    expect(h.bodies[0]).toEqual({
      clientId: 'c1',
      username: 'u',
      password: 'good',
      remoteAddress: '127.0.0.1',
      protocolVersion: 4,
    });
  });

  it('caches answers for the TTL, keyed by the credentials', async () => {
    const h = hook(() => ok(true), 1000);
    await h.webhook.check(req('u', 'p'));
    await h.webhook.check(req('u', 'p'));
    expect(h.webhook.calls).toBe(1);
    await h.webhook.check(req('u', 'other'));
    expect(h.webhook.calls).toBe(2);
    h.advance(1001);
    await h.webhook.check(req('u', 'p'));
    expect(h.webhook.calls).toBe(3);
  });

  it('a failing webhook is an error (CONNACK 0x03 upstream), not cached', async () => {
    const h = hook(() => ({ status: 500, text: '' }));
    await expect(h.webhook.check(req('u', 'p'))).rejects.toThrow(/status 500/);
    await expect(h.webhook.check(req('u', 'p'))).rejects.toThrow(/status 500/);
    expect(h.webhook.calls).toBe(2);
    const slow = new WebhookAuthenticator({
      url: 'http://127.0.0.1:1/',
      timeoutMs: 20,
      cacheTtlMs: 0,
      cacheSize: 1,
      post: (_u, _b, signal) =>
        new Promise((_r, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason as Error)),
        ),
    });
    await expect(slow.check(req('u', 'p'))).rejects.toThrow(/no answer within 20 ms/);
  });
});

describe('anonymous policy', () => {
  it('auto allows anonymous only on a loopback listener', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.2', '10.0.0.1'].some(isLoopbackHost)).toBe(false);
    expect(anonymousAllowed('auto', '127.0.0.1')).toBe(true);
    expect(anonymousAllowed('auto', '0.0.0.0')).toBe(false);
    expect(anonymousAllowed('allow', '0.0.0.0')).toBe(true);
    expect(anonymousAllowed('deny', '127.0.0.1')).toBe(false);
  });
});
