import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AclRuleInput, FileAuthStore, hashPassword } from '@mithqtt/auth';
import type { QoS } from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrokerEnv, useBroker } from './support/broker';
import { connackCode, connectClient, type TestClient } from './support/mqtt-client';
import { readMetric } from './support/metrics';
import { uniqueId, uniqueLevel } from './support/names';

/**
 * SUBSCRIBE and the SUBACK's return codes (0x80 = refused). MQTT.js rejects a SUBACK holding
 * any 0x80, with the packet attached.
 */
async function granted(client: TestClient, filters: string[], qos: QoS = 0): Promise<number[]> {
  try {
    return await client.subscribe(filters, qos);
  } catch (e: unknown) {
    const suback = (e as { packet?: { granted?: number[] } }).packet;
    if (!suback?.granted) throw e;
    return suback.granted.map((g) => g & 0xff);
  }
}

function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'e2e-auth-')), name);
}

const all = { type: 'all' } as const;
const rule = (
  effect: 'allow' | 'deny',
  action: 'publish' | 'subscribe' | 'all',
  filter: string,
  subject: AclRuleInput['subject'] = all,
): AclRuleInput => ({ effect, action, filter, subject });

/** Writes users and rules the way `npm run auth` does (same store, same file). */
async function writeAuthFile(
  path: string,
  users: Record<string, string>,
  rules: AclRuleInput[],
): Promise<void> {
  const store = await FileAuthStore.open(path);
  for (const [username, password] of Object.entries(users)) {
    await store.createUser({
      username,
      passwordHash: await hashPassword(password, { ln: 12, r: 8, p: 1 }),
      disabled: username.startsWith('disabled'),
      createdAt: new Date().toISOString(),
    });
  }
  for (const r of rules) await store.addRule(r);
  await store.close();
}

describe('built-in users and first-match ACL rules', () => {
  const root = uniqueLevel(); // keeps this run's topics apart
  const file = tempFile('auth.json');
  beforeAll(() =>
    writeAuthFile(file, { alice: 'alice-pw', admin: 'admin-pw', 'disabled-dan': 'dan-pw' }, [
      rule('allow', 'all', `${root}/secret/#`, { type: 'user', username: 'admin' }),
      rule('deny', 'all', `${root}/secret/#`),
      rule('allow', 'all', `${root}/users/%u/#`),
      rule('deny', 'all', `${root}/users/#`),
      rule('allow', 'all', `${root}/dev/%c/#`),
      rule('deny', 'all', `${root}/dev/#`),
      rule('allow', 'subscribe', '$SYS/#', { type: 'user', username: 'admin' }),
      rule('allow', 'all', '#'),
    ]),
  );
  const broker = useBroker({
    AUTH_FILE: file,
    AUTH_ANONYMOUS: 'deny',
    AUTH_ACL_DEFAULT: 'deny',
    AUTH_RELOAD_MS: '100',
  });
  const alice = { username: 'alice', password: 'alice-pw' };
  const admin = { username: 'admin', password: 'admin-pw' };

  it('[MQTT-3.2.2-3] accepts a user with the right password', async () => {
    expect(await connackCode(broker.port, alice)).toBe(0);
  });

  it('CONNACK 0x04 for a wrong password, an unknown user, a username without password', async () => {
    expect(await connackCode(broker.port, { username: 'alice', password: 'nope' })).toBe(4);
    expect(await connackCode(broker.port, { username: 'mallory', password: 'x' })).toBe(4);
    expect(await connackCode(broker.port, { username: 'alice' })).toBe(4);
  });

  it('CONNACK 0x05 for an anonymous client (AUTH_ANONYMOUS=deny) and a disabled user', async () => {
    expect(await connackCode(broker.port, {})).toBe(5);
    expect(await connackCode(broker.port, { username: 'disabled-dan', password: 'dan-pw' })).toBe(
      5,
    );
  });

  it('[MQTT-3.9.3-2] SUBACK 0x80 for a # that would reach a denied topic; a filter clear of it is granted', async () => {
    const c = await connectClient(broker.port, alice);
    expect(await granted(c, ['#', `${root}/+/x`, `${root}/public/#`], 1)).toEqual([128, 128, 1]);
  });

  it('a denied QoS 1 PUBLISH is acknowledged but not delivered, and counted', async () => {
    const topic = `${root}/secret/plans`;
    const reader = await connectClient(broker.running.mqttPort, admin);
    expect(await reader.subscribe(`${root}/secret/#`, 1)).toEqual([1]);
    const before = await readMetric(broker.httpPort, 'mithqtt_publish_denied_total');
    const writer = await connectClient(broker.running.mqttPort, alice);
    await writer.publish(topic, 'leak', { qos: 1 }); // resolves on PUBACK [MQTT-4.3.2]
    await reader.messages.expectNothing();
    expect(await readMetric(broker.httpPort, 'mithqtt_publish_denied_total')).toBe(before + 1);
    // the same topic from someone allowed does arrive: the subscription works
    const allowed = await connectClient(broker.port, admin);
    await allowed.publish(topic, 'ok', { qos: 1 });
    expect((await reader.messages.next()).text).toBe('ok');
  });

  it('%u and %c stand for the username and client id', async () => {
    const clientId = uniqueId('dev');
    const c = await connectClient(broker.port, { ...alice, clientId });
    expect(
      await granted(
        c,
        [
          `${root}/users/alice/#`,
          `${root}/users/bob/#`,
          `${root}/dev/${clientId}/#`,
          `${root}/dev/other/#`,
        ],
        0,
      ),
    ).toEqual([0, 128, 0, 128]);
    await c.publish(`${root}/users/alice/in`, 'mine');
    expect((await c.messages.next()).topic).toBe(`${root}/users/alice/in`);
    await c.publish(`${root}/dev/${clientId}/up`, 'dev');
    expect((await c.messages.next()).topic).toBe(`${root}/dev/${clientId}/up`);
  });

  it('[MQTT-4.7.2-1] $SYS/# needs an explicit grant: # does not give it', async () => {
    const a = await connectClient(broker.port, alice);
    expect(await granted(a, ['$SYS/#'])).toEqual([128]);
    const b = await connectClient(broker.port, admin);
    expect(await b.subscribe('$SYS/#', 0)).toEqual([0]);
  });

  it('a rule added while running (as the CLI does) applies without a restart', async () => {
    const topic = `${root}/late/x`;
    const c = await connectClient(broker.port, alice);
    expect(await c.subscribe(topic, 0)).toEqual([0]);
    const store = await FileAuthStore.open(file);
    await store.addRule(rule('deny', 'subscribe', `${root}/late/#`), 0);
    await store.close();
    const deadline = Date.now() + 5000;
    let codes = [0];
    while (codes[0] !== 128 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      codes = await granted(c, [topic]);
    }
    expect(codes).toEqual([128]);
  });
});

describe('secure default: anonymous access only on loopback', () => {
  const broker = useBroker({ MQTT_HOST: '0.0.0.0', AUTH_FILE: tempFile('auth.json') });

  it('CONNACK 0x05 for an anonymous client when the listener is not bound to loopback', async () => {
    expect(await connackCode(broker.port, {})).toBe(5);
  });
});

describe('secure default on loopback', () => {
  const broker = useBroker({ AUTH_FILE: tempFile('auth.json') });

  it('an anonymous client is accepted on 127.0.0.1 with no users or rules (npm start)', async () => {
    const c = await connectClient(broker.port, {});
    const topic = `${uniqueLevel()}/x`;
    expect(await c.subscribe(topic, 0)).toEqual([0]);
  });
});

function es256Token(key: KeyObject, claims: object): string {
  const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

describe('JWT mode', () => {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = tempFile('jwt.pem');
  writeFileSync(pem, keys.publicKey.export({ type: 'spki', format: 'pem' }));
  const broker = useBroker({
    AUTH_MODE: 'jwt',
    AUTH_JWT_ALGORITHM: 'ES256',
    AUTH_JWT_KEY_FILE: pem,
    AUTH_JWT_ISSUER: 'e2e-issuer',
    AUTH_JWT_ACL_CLAIM: 'mqtt',
    AUTH_ACL_DEFAULT: 'deny',
    AUTH_FILE: tempFile('auth.json'),
  });
  const now = (): number => Math.floor(Date.now() / 1000);
  const root = uniqueLevel();

  it('accepts a valid token and applies its ACL claim', async () => {
    const token = es256Token(keys.privateKey, {
      sub: 'sensor-1',
      iss: 'e2e-issuer',
      exp: now() + 300,
      mqtt: { all: [`${root}/%u/#`] },
    });
    const c = await connectClient(broker.port, { username: 'sensor-1', password: token });
    expect(await granted(c, [`${root}/sensor-1/#`, `${root}/#`])).toEqual([0, 128]);
    await c.publish(`${root}/sensor-1/t`, '21.5');
    expect((await c.messages.next()).text).toBe('21.5');
  });

  it('CONNACK 0x04 for an expired token, a wrong issuer, another username or another key', async () => {
    const claims = { sub: 'sensor-1', iss: 'e2e-issuer', exp: now() + 300 };
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const cases: [string, string][] = [
      ['sensor-1', es256Token(keys.privateKey, { ...claims, exp: now() - 120 })],
      ['sensor-1', es256Token(keys.privateKey, { ...claims, iss: 'someone-else' })],
      ['sensor-2', es256Token(keys.privateKey, claims)],
      ['sensor-1', es256Token(other, claims)],
    ];
    for (const [username, password] of cases) {
      expect(await connackCode(broker.port, { username, password })).toBe(4);
    }
  });
});

describe('webhook mode', () => {
  let hook: Server;
  const calls: Record<string, unknown>[] = [];
  const env: BrokerEnv = {
    AUTH_MODE: 'webhook',
    AUTH_WEBHOOK_TIMEOUT_MS: '300',
    AUTH_WEBHOOK_CACHE_TTL_MS: '60000',
    AUTH_FILE: tempFile('auth.json'),
  };
  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const creds = JSON.parse(body) as Record<string, unknown>;
        calls.push(creds);
        const reply = (): void => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ allow: creds['password'] === 'open-sesame' }));
        };
        if (creds['username'] === 'slow') setTimeout(reply, 1000);
        else reply();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const address = hook.address();
    if (typeof address !== 'object' || address === null) throw new Error('no hook address');
    env.AUTH_WEBHOOK_URL = `http://127.0.0.1:${address.port}/mqtt/auth`;
  });
  afterAll(() => new Promise<void>((resolve) => hook.close(() => resolve())));
  const broker = useBroker(env);

  it('allows and denies as the webhook says (CONNACK 0 / 0x04), sending it the credentials', async () => {
    const clientId = uniqueId('hook');
    expect(
      await connackCode(broker.port, { clientId, username: 'u1', password: 'open-sesame' }),
    ).toBe(0);
    expect(await connackCode(broker.port, { clientId, username: 'u1', password: 'wrong' })).toBe(4);
    expect(calls.find((c) => c['clientId'] === clientId)).toMatchObject({
      username: 'u1',
      password: 'open-sesame',
      protocolVersion: 4,
    });
  });

  it('caches an answer for the same credentials (no second call within the TTL)', async () => {
    const clientId = uniqueId('cache');
    const options = { clientId, username: 'u2', password: 'open-sesame' };
    expect(await connackCode(broker.running.mqttPort, options)).toBe(0);
    expect(await connackCode(broker.running.mqttPort, options)).toBe(0);
    expect(calls.filter((c) => c['clientId'] === clientId)).toHaveLength(1);
  });

  it('a webhook slower than AUTH_WEBHOOK_TIMEOUT_MS gives CONNACK 0x03 in bounded time', async () => {
    const t0 = Date.now();
    expect(await connackCode(broker.port, { username: 'slow', password: 'open-sesame' })).toBe(3);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
