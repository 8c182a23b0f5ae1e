import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, TestKeyFile } from './support/admin-api';
import { CLUSTER_MODE, useBroker } from './support/broker';
import { connackCode, connectClient } from './support/mqtt-client';
import { uniqueId, uniqueTopic } from './support/names';

// Admin API over real HTTP against a real broker; every mutation is checked on the MQTT side
// with real MQTT.js clients. The embedded LocalAdmin sees its own node's clients: clients whose
// state the API reads or changes connect to the node that serves the API (`node0`).

const keys = new TestKeyFile();
let admin = '';
let reader = '';
beforeAll(async () => {
  admin = await keys.add('admin');
  reader = await keys.add('read');
});
// Users and rules are written through the API into this file (both nodes read it in cluster
// mode). ACL default allow: the rules these tests add must not deny the other tests' topics.
const authFile = join(mkdtempSync(join(tmpdir(), 'e2e-api-auth-')), 'auth.json');
// Cluster mode: users and rules in the shared Redis, and no polling (AUTH_RELOAD_MS=0), so the
// other node learns of API changes only from the mqtt.events.v1.auth-changed event.
const broker = useBroker({
  HTTP_API_KEYS_FILE: keys.path,
  CLUSTER_HEARTBEAT_MS: '200',
  AUTH_FILE: authFile,
  AUTH_ACL_DEFAULT: 'allow',
  ...(CLUSTER_MODE ? { AUTH_STORE: 'redis', AUTH_RELOAD_MS: '0' } : { AUTH_RELOAD_MS: '100' }),
});
const node0 = (): number => broker.running.mqttPort;

const get = (path: string, key = admin) => call(broker.httpPort, 'GET', path, { key });
const post = (path: string, body: unknown, key = admin) =>
  call(broker.httpPort, 'POST', path, { key, body });
const del = (path: string, key = admin) => call(broker.httpPort, 'DELETE', path, { key });
const q = encodeURIComponent;

describe('authentication and scopes', () => {
  it('refuses a request without a key with 401 in the error shape', async () => {
    const res = await call(broker.httpPort, 'GET', '/api/v1/clients');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      status: 401,
      code: 'unauthenticated',
      message: expect.stringContaining('X-API-Key') as unknown,
    });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses an unknown key, and a known id with a wrong secret', async () => {
    expect((await get('/api/v1/clients', 'nonsense')).status).toBe(401);
    const forged = `${admin.slice(0, 17)}${'A'.repeat(admin.length - 17)}`;
    expect(forged).not.toBe(admin);
    expect((await get('/api/v1/clients', forged)).status).toBe(401);
  });

  it('accepts the key as a bearer token too', async () => {
    const res = await call(broker.httpPort, 'GET', '/api/v1/clients', {
      headers: { authorization: `Bearer ${reader}` },
    });
    expect(res.status).toBe(200);
  });

  it('a read-only key reads but gets 403 on every admin operation', async () => {
    expect((await get('/api/v1/clients', reader)).status).toBe(200);
    expect((await get('/api/v1/stats', reader)).status).toBe(200);
    const topic = uniqueTopic('denied');
    const denied = [
      await post('/api/v1/publish', { topic, payload: 'x' }, reader),
      await post('/api/v1/clients/someone/kick', {}, reader),
      await del('/api/v1/sessions/someone', reader),
      await post('/api/v1/clients/someone/subscriptions', { filter: 'a' }, reader),
      await del(`/api/v1/retained/message?topic=${q(topic)}`, reader),
      await post('/api/v1/users', { username: 'someone', password: 'long-enough' }, reader),
      await del('/api/v1/users/someone', reader),
      await del('/api/v1/acl/rules/1', reader),
    ];
    for (const res of denied) {
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ status: 403, code: 'forbidden' });
    }
  });

  it('health, readiness and metrics stay open', async () => {
    for (const path of ['/health', '/ready', '/metrics']) {
      const res = await fetch(`http://127.0.0.1:${broker.httpPort}${path}`);
      expect(res.status, path).toBe(200);
    }
  });

  it('a key added to the file works on the running broker', async () => {
    const late = await keys.add('read', 'added-later');
    const deadline = Date.now() + 3000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await get('/api/v1/stats', late)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });
});

describe('validation: 400 naming the field', () => {
  it.each([
    [{ topic: 'a/b', qos: 3 }, 'qos'],
    [{ topic: 'a/b', qoss: 1 }, 'qoss'],
    [{ payload: 'no topic' }, 'topic'],
    [{ topic: 'a/+', payload: 'x' }, 'topic'],
    [{ topic: 'a/#', payload: 'x' }, 'topic'],
    [{ topic: 'a', retain: 'yes' }, 'retain'],
    [{ topic: 'a', payload: '%%%', encoding: 'base64' }, 'payload'],
    [{ topic: 'a', encoding: 'hex' }, 'encoding'],
  ])('publish %j -> %s', async (body, field) => {
    const res = await post('/api/v1/publish', body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ status: 400, code: 'invalid-request' });
    expect((res.json['fields'] as { field: string }[]).map((f) => f.field)).toContain(field);
  });

  it.each([
    ['/api/v1/clients?limit=0', 'limit'],
    ['/api/v1/clients?limit=many', 'limit'],
    ['/api/v1/clients?colour=red', 'colour'],
    ['/api/v1/sessions?online=perhaps', 'online'],
    ['/api/v1/retained?filter=a/%23/b', 'filter'],
    ['/api/v1/retained/message', 'topic'],
  ])('GET %s -> %s', async (path, field) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect((res.json['fields'] as { field: string }[]).map((f) => f.field)).toContain(field);
  });

  it('a subscription filter is validated as MQTT requires', async () => {
    const c = await connectClient(node0(), { clientId: uniqueId('v') });
    const res = await post(`/api/v1/clients/${q(c.mqtt.options.clientId!)}/subscriptions`, {
      filter: 'a/#/b',
    });
    expect(res.status).toBe(400);
    expect(res.json['fields']).toEqual([
      { field: 'filter', problem: expect.stringContaining('INVALID_WILDCARD_POSITION') as unknown },
    ]);
  });

  it('malformed JSON and unknown routes get the same error shape', async () => {
    const bad = await call(broker.httpPort, 'POST', '/api/v1/publish', {
      key: admin,
      rawBody: '{"topic":',
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ status: 400, code: 'invalid-request' });
    const missing = await get('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ status: 404, code: 'not-found' });
  });
});

describe('publish', () => {
  it('a message published over HTTP reaches an MQTT subscriber (UTF-8, QoS 1)', async () => {
    const topic = uniqueTopic('http');
    const sub = await connectClient(broker.port);
    await sub.subscribe(topic, 1);
    const res = await post('/api/v1/publish', { topic, payload: 'héllo', qos: 1 });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ topic, qos: 1, retain: false, bytes: 6 });
    expect(await sub.messages.next()).toMatchObject({
      topic,
      text: 'héllo',
      qos: 1,
      retain: false,
    });
  });

  it('a base64 payload arrives as the exact bytes', async () => {
    const topic = uniqueTopic('bin');
    const sub = await connectClient(broker.port);
    await sub.subscribe(topic, 0);
    const bytes = Buffer.from([0, 255, 1, 254, 0x80]);
    await post('/api/v1/publish', { topic, payload: bytes.toString('base64'), encoding: 'base64' });
    expect((await sub.messages.next()).payload).toEqual(bytes);
  });
});

describe('retained messages', () => {
  it('list by filter, get, delete: a new subscriber then gets nothing', async () => {
    const base = uniqueTopic('ret');
    const pub = await connectClient(broker.port);
    for (const leaf of ['a', 'b', 'c']) {
      await pub.publish(`${base}/${leaf}`, `v-${leaf}`, { qos: 1, retain: true });
    }
    // The broker stores a retained message after acknowledging it : in cluster
    // mode the last write may still be on its way to Redis when the PUBACK arrives.
    for (let tries = 0; tries < 50; tries++) {
      const all = await get(`/api/v1/retained?filter=${q(`${base}/+`)}&limit=10`);
      if ((all.json['items'] as unknown[]).length === 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const page1 = await get(`/api/v1/retained?filter=${q(`${base}/+`)}&limit=2`);
    expect(page1.status).toBe(200);
    expect((page1.json['items'] as { topic: string }[]).map((m) => m.topic)).toEqual([
      `${base}/a`,
      `${base}/b`,
    ]);
    const page2 = await get(
      `/api/v1/retained?filter=${q(`${base}/+`)}&limit=2&after=${q(page1.json['next'] as string)}`,
    );
    expect(page2.json).toMatchObject({
      items: [{ topic: `${base}/c`, payloadUtf8: 'v-c', qos: 1, bytes: 3 }],
      next: null,
    });

    const one = await get(`/api/v1/retained/message?topic=${q(`${base}/b`)}`);
    expect(one.json).toMatchObject({ topic: `${base}/b`, payloadUtf8: 'v-b' });

    expect((await del(`/api/v1/retained/message?topic=${q(`${base}/b`)}`)).status).toBe(204);
    expect((await get(`/api/v1/retained/message?topic=${q(`${base}/b`)}`)).status).toBe(404);
    expect((await del(`/api/v1/retained/message?topic=${q(`${base}/b`)}`)).status).toBe(404);

    const sub = await connectClient(broker.port);
    await sub.subscribe(`${base}/b`, 1);
    await sub.messages.expectNothing();
  });

  it('publish with retain stores it before answering: a subscriber right after gets it', async () => {
    const topic = uniqueTopic('http-retained');
    await post('/api/v1/publish', { topic, payload: 'kept', qos: 1, retain: true });
    const sub = await connectClient(broker.port);
    await sub.subscribe(topic, 1);
    expect(await sub.messages.next()).toMatchObject({ topic, text: 'kept', retain: true });
  });
});

describe('clients and kick', () => {
  it('kick closes the connection and the will is published', async () => {
    const willTopic = uniqueTopic('will');
    const watcher = await connectClient(broker.port);
    await watcher.subscribe(willTopic, 1);
    const clientId = uniqueId('kick');
    const victim = await connectClient(node0(), {
      clientId,
      will: { topic: willTopic, payload: Buffer.from('gone'), qos: 1, retain: false },
    });
    const seen = await get(`/api/v1/clients/${q(clientId)}`);
    expect(seen.json).toMatchObject({ clientId, protocolVersion: 4, cleanSession: true });

    expect((await post(`/api/v1/clients/${q(clientId)}/kick`, {})).status).toBe(204);
    await victim.closed;
    expect(await watcher.messages.next()).toMatchObject({ topic: willTopic, text: 'gone' });
    expect((await get(`/api/v1/clients/${q(clientId)}`)).status).toBe(404);
    expect((await post(`/api/v1/clients/${q(clientId)}/kick`, {})).status).toBe(404);
  });

  it('lists connected clients one page at a time, filtered by client id prefix and username', async () => {
    const prefix = uniqueId('pg');
    const ids = [4, 0, 3, 1, 2].map((i) => `${prefix}-${i}`);
    for (const username of ['ops', 'dev']) {
      const created = await post('/api/v1/users', { username, password: `${username}-password` });
      expect([201, 409]).toContain(created.status);
    }
    for (const clientId of ids) {
      const username = clientId.endsWith('3') ? 'ops' : 'dev';
      await connectClient(node0(), { clientId, username, password: `${username}-password` });
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await get(
        `/api/v1/clients?limit=2&clientIdPrefix=${q(prefix)}${after ? `&after=${q(after)}` : ''}`,
      );
      expect(res.status).toBe(200);
      const items = res.json['items'] as { clientId: string }[];
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items.map((c) => c.clientId));
      after = res.json['next'] as string | null;
      pages++;
    } while (after !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].sort());

    const ops = await get(`/api/v1/clients?clientIdPrefix=${q(prefix)}&username=ops`);
    expect((ops.json['items'] as { clientId: string }[]).map((c) => c.clientId)).toEqual([
      `${prefix}-3`,
    ]);
  });

  it('a client id with / and spaces works in the path', async () => {
    const clientId = `a/b c-${uniqueId('x')}`.slice(0, 23);
    await connectClient(node0(), { clientId });
    const res = await get(`/api/v1/clients/${q(clientId)}`);
    expect(res.status).toBe(200);
    expect(res.json['clientId']).toBe(clientId);
  });
});

describe("sessions and a client's subscriptions", () => {
  it('adding a subscription delivers on it to the connected client, retained first', async () => {
    const topic = uniqueTopic('added');
    await post('/api/v1/publish', { topic, payload: 'old', qos: 1, retain: true });
    const clientId = uniqueId('sub');
    const c = await connectClient(node0(), { clientId, clean: false });
    const added = await post(`/api/v1/clients/${q(clientId)}/subscriptions`, {
      filter: topic,
      qos: 1,
    });
    expect(added.status).toBe(201);
    expect(added.json).toEqual({ filter: topic, qos: 1 });
    expect(await c.messages.next()).toMatchObject({ topic, text: 'old', retain: true });

    const pub = await connectClient(broker.port);
    await pub.publish(topic, 'live', { qos: 1 });
    expect(await c.messages.next()).toMatchObject({ topic, text: 'live', qos: 1 });

    const list = await get(`/api/v1/clients/${q(clientId)}/subscriptions`);
    expect(list.json).toEqual([{ filter: topic, qos: 1 }]);

    const removed = await del(`/api/v1/clients/${q(clientId)}/subscriptions?filter=${q(topic)}`);
    expect(removed.status).toBe(204);
    await pub.publish(topic, 'after', { qos: 1 });
    await c.messages.expectNothing();
    const again = await del(`/api/v1/clients/${q(clientId)}/subscriptions?filter=${q(topic)}`);
    expect(again.status).toBe(404);
  });

  it('a subscription added to an offline persistent session queues messages for its return', async () => {
    const topic = uniqueTopic('offline');
    const clientId = uniqueId('off');
    const first = await connectClient(node0(), { clientId, clean: false });
    await first.disconnect();

    const session = await get(`/api/v1/sessions/${q(clientId)}`);
    expect(session.json).toMatchObject({ clientId, persistent: true, online: false });
    expect(typeof session.json['expiresAt']).toBe('string');

    expect(
      (await post(`/api/v1/clients/${q(clientId)}/subscriptions`, { filter: topic, qos: 1 }))
        .status,
    ).toBe(201);
    await post('/api/v1/publish', { topic, payload: 'while away', qos: 1 });
    expect((await get(`/api/v1/sessions/${q(clientId)}`)).json).toMatchObject({ queued: 1 });

    const back = await connectClient(node0(), { clientId, clean: false });
    expect(back.connack.sessionPresent).toBe(true);
    expect(await back.messages.next()).toMatchObject({ topic, text: 'while away' });
  });

  it('deleting a session disconnects its client and forgets its subscriptions', async () => {
    const topic = uniqueTopic('forgotten');
    const clientId = uniqueId('del');
    const c = await connectClient(node0(), { clientId, clean: false });
    await c.subscribe(topic, 1);
    const listed = await get(`/api/v1/sessions?clientIdPrefix=${q(clientId)}&online=true`);
    expect((listed.json['items'] as unknown[]).length).toBe(1);

    expect((await del(`/api/v1/sessions/${q(clientId)}`)).status).toBe(204);
    await c.closed;
    expect((await get(`/api/v1/sessions/${q(clientId)}`)).status).toBe(404);
    expect((await del(`/api/v1/sessions/${q(clientId)}`)).status).toBe(404);
    expect(
      (await post(`/api/v1/clients/${q(clientId)}/subscriptions`, { filter: topic })).status,
    ).toBe(404);

    const back = await connectClient(node0(), { clientId, clean: false });
    expect(back.connack.sessionPresent).toBe(false);
  });
});

describe('users and ACL rules', () => {
  const password = 'first-password';

  /**
   * Connects as a user just created through node0's API. Other nodes see store changes
   * within AUTH_RELOAD_MS (100 ms here), so until then they may refuse the new user.
   */
  async function connectAsNewUser(
    username: string,
    options: Parameters<typeof connectClient>[1] = {},
  ): ReturnType<typeof connectClient> {
    const deadline = Date.now() + 3000;
    for (;;) {
      try {
        return await connectClient(broker.otherPort, { username, password, ...options });
      } catch (e: unknown) {
        if ((e as { code?: number }).code !== 4 || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  it('creates a user who can then connect; nothing returned or stored shows the password', async () => {
    const username = uniqueId('u');
    const created = await post('/api/v1/users', { username, password });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ username, disabled: false, createdAt: expect.any(String) });
    expect((await post('/api/v1/users', { username, password })).status).toBe(409);
    expect((await get(`/api/v1/users/${q(username)}`)).json).toMatchObject({ username });
    const list = await get('/api/v1/users');
    expect((list.body as { username: string }[]).map((u) => u.username)).toContain(username);
    expect(JSON.stringify(list.body)).not.toMatch(/password|hash|\$scrypt/i);
    if (!CLUSTER_MODE) expect(readFileSync(authFile, 'utf8')).not.toContain(password);

    await (await connectAsNewUser(username)).disconnect();
    expect(await connackCode(broker.port, { username, password: 'wrong-password' })).toBe(4);
    expect((await post('/api/v1/users', { username: 'x', password }, reader)).status).toBe(403);
  });

  it.each([
    [{ username: 'short', password: 'short' }, 'password'],
    [{ username: 'a/b', password }, 'username'],
    [{ username: 'a+', password }, 'username'],
    [{ username: 'ok', password, disabled: 'no' }, 'disabled'],
    [{ username: 'ok', password, role: 'admin' }, 'role'],
  ])('POST /api/v1/users %j -> 400 naming %s', async (body, field) => {
    const res = await post('/api/v1/users', body);
    expect(res.status).toBe(400);
    expect(res.json['fields']).toEqual([expect.objectContaining({ field })]);
  });

  it('disabling a user closes its connections (will published) and refuses it; enabling and a new password work', async () => {
    const username = uniqueId('d');
    await post('/api/v1/users', { username, password });
    const willTopic = uniqueTopic('revoked');
    const watcher = await connectClient(broker.otherPort);
    await watcher.subscribe(willTopic, 1);
    // otherPort: in cluster mode the node that did not serve the API call.
    const victim = await connectAsNewUser(username, {
      will: { topic: willTopic, payload: Buffer.from('revoked'), qos: 1, retain: false },
    });
    const patch = (body: unknown) =>
      call(broker.httpPort, 'PATCH', `/api/v1/users/${q(username)}`, { key: admin, body });
    expect((await patch({ disabled: true })).json).toMatchObject({ username, disabled: true });
    await victim.closed;
    expect(await watcher.messages.next()).toMatchObject({ topic: willTopic, text: 'revoked' });
    expect(await connackCode(node0(), { username, password })).toBe(5);

    expect((await patch({ disabled: false, password: 'second-password' })).status).toBe(200);
    expect(await connackCode(node0(), { username, password })).toBe(4);
    expect(await connackCode(node0(), { username, password: 'second-password' })).toBe(0);
    expect((await patch({ disabled: 'yes' })).json['fields']).toEqual([
      expect.objectContaining({ field: 'disabled' }),
    ]);
  });

  it('deleting a user closes its connections and refuses it', async () => {
    const username = uniqueId('x');
    await post('/api/v1/users', { username, password });
    const victim = await connectAsNewUser(username);
    expect((await del(`/api/v1/users/${q(username)}`)).status).toBe(204);
    await victim.closed;
    expect((await get(`/api/v1/users/${q(username)}`)).status).toBe(404);
    expect((await del(`/api/v1/users/${q(username)}`)).status).toBe(404);
    expect(await connackCode(node0(), { username, password })).toBe(4);
  });

  it('an ACL rule added, changed and deleted over HTTP decides SUBSCRIBE on every node', async () => {
    const root = uniqueTopic('acl');
    const client = await connectClient(broker.otherPort);
    const grantOf = async (filter: string): Promise<number> => {
      try {
        return (await client.subscribe(filter, 1))[0] ?? -1;
      } catch (e: unknown) {
        return (e as { packet?: { granted?: number[] } }).packet?.granted?.[0] ?? -1;
      }
    };
    const eventually = async (filter: string, expected: number): Promise<void> => {
      const deadline = Date.now() + 3000;
      while ((await grantOf(filter)) !== expected) {
        if (Date.now() > deadline) throw new Error(`SUBACK for ${filter} never became ${expected}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await eventually(`${root}/x`, 1);

    const rule = { subject: { type: 'all' }, action: 'subscribe', effect: 'deny' };
    const added = await post('/api/v1/acl/rules', { ...rule, filter: `${root}/#`, position: 0 });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ position: 0, filter: `${root}/#`, effect: 'deny' });
    const id = added.json['id'] as string;
    await eventually(`${root}/x`, 0x80);
    // The subscription made before the rule is removed too: nothing more arrives on it.
    client.messages.drain();
    const publisher = await connectClient(broker.port);
    await publisher.publish(`${root}/x`, 'after the deny rule', { qos: 1 });
    await client.messages.expectNothing();
    expect((await get(`/api/v1/acl/rules/${id}`)).json).toMatchObject({ id, position: 0 });

    const put = await call(broker.httpPort, 'PUT', `/api/v1/acl/rules/${id}`, {
      key: admin,
      body: { ...rule, filter: `${root}/secret/#` },
    });
    expect(put.status).toBe(200);
    await eventually(`${root}/x`, 1);
    await eventually(`${root}/secret/y`, 0x80);

    expect((await del(`/api/v1/acl/rules/${id}`)).status).toBe(204);
    await eventually(`${root}/secret/y`, 1);
    expect((await get(`/api/v1/acl/rules/${id}`)).status).toBe(404);
    const rules = (await get('/api/v1/acl/rules')).body as { id: string }[];
    expect(rules.map((r) => r.id)).not.toContain(id);
  });

  it('a persistent session away while a deny rule is added comes back without that subscription', async () => {
    const root = uniqueTopic('acl-away');
    const clientId = uniqueId('acl-away');
    const away = await connectClient(broker.port, { clientId, clean: false });
    expect(await away.subscribe([`${root}/secret/#`, `${root}/open/#`], 1)).toEqual([1, 1]);
    await away.disconnect();
    const rule = { subject: { type: 'all' }, action: 'subscribe', effect: 'deny' };
    const added = await post('/api/v1/acl/rules', { ...rule, filter: `${root}/secret/#` });
    expect(added.status).toBe(201);
    const back = await connectClient(broker.otherPort, { clientId, clean: false });
    const publisher = await connectClient(broker.port);
    await publisher.publish(`${root}/secret/x`, 'denied', { qos: 1 });
    await publisher.publish(`${root}/open/x`, 'allowed', { qos: 1 });
    const got = await back.messages.next();
    expect([got.topic, got.payload.toString()]).toEqual([`${root}/open/x`, 'allowed']);
    await back.messages.expectNothing();
    expect((await del(`/api/v1/acl/rules/${added.json['id'] as string}`)).status).toBe(204);
  });

  it.each([
    [
      { subject: { type: 'user' }, action: 'all', effect: 'allow', filter: 'a' },
      'subject.username',
    ],
    [{ subject: { type: 'who' }, action: 'all', effect: 'allow', filter: 'a' }, 'subject.type'],
    [{ subject: { type: 'all' }, action: 'read', effect: 'allow', filter: 'a' }, 'action'],
    [{ subject: { type: 'all' }, action: 'all', effect: 'maybe', filter: 'a' }, 'effect'],
    [{ subject: { type: 'all' }, action: 'all', effect: 'allow', filter: 'a/#/b' }, 'filter'],
    [
      { subject: { type: 'all' }, action: 'all', effect: 'allow', filter: 'a', position: -1 },
      'position',
    ],
  ])('POST /api/v1/acl/rules %j -> 400 naming %s', async (body, field) => {
    const res = await post('/api/v1/acl/rules', body);
    expect(res.status).toBe(400);
    expect(res.json['fields']).toEqual([expect.objectContaining({ field })]);
  });
});

describe('cluster nodes and statistics', () => {
  it(
    CLUSTER_MODE ? 'lists both nodes of the cluster' : 'a standalone node lists itself',
    async () => {
      const res = await get('/api/v1/cluster/nodes');
      expect(res.status).toBe(200);
      const nodes = res.body as { nodeId: string; self: boolean; connections: number }[];
      expect(nodes[0]?.self).toBe(true);
      if (!CLUSTER_MODE) {
        expect(nodes).toHaveLength(1);
        return;
      }
      // The other node's first heartbeat went out when it started (after this one).
      expect(nodes.map((n) => n.self)).toEqual([true, false]);
    },
  );

  it('connection counts follow clients', async () => {
    const before = (await get('/api/v1/stats')).json['connections'] as number;
    await connectClient(node0());
    const after = await get('/api/v1/stats');
    expect(after.json['connections']).toBe(before + 1);
    const nodes = (await get('/api/v1/cluster/nodes')).body as { connections: number }[];
    expect(nodes[0]?.connections).toBe(before + 1);
  });
});

describe('OpenAPI', () => {
  it('serves the document (every endpoint, the error shape, both auth schemes) and the Swagger UI', async () => {
    const doc = (await fetch(`http://127.0.0.1:${broker.httpPort}/api/docs-json`).then((r) =>
      r.json(),
    )) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/acl/rules',
      '/api/v1/acl/rules/{id}',
      '/api/v1/clients',
      '/api/v1/clients/{clientId}',
      '/api/v1/clients/{clientId}/kick',
      '/api/v1/clients/{clientId}/subscriptions',
      '/api/v1/cluster/nodes',
      '/api/v1/publish',
      '/api/v1/retained',
      '/api/v1/retained/message',
      '/api/v1/sessions',
      '/api/v1/sessions/{clientId}',
      '/api/v1/stats',
      '/api/v1/users',
      '/api/v1/users/{username}',
      '/health',
      '/metrics',
      '/ready',
    ]);
    expect(Object.keys(doc.components.schemas)).toContain('ApiErrorBody');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['api-key', 'bearer']);
    const ui = await fetch(`http://127.0.0.1:${broker.httpPort}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
