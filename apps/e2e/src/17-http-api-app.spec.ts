import { startNats, startRedis } from '@mithqtt/testing';
import { connect as natsConnect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, TestKeyFile } from './support/admin-api';
import {
  type App,
  buildApp,
  logLines,
  PROCESS_TEST_TIMEOUT_MS,
  START_TIMEOUT_MS,
  spawnService,
  startApp,
} from './support/app-process';
import { connackCode, connectClient, type TestClient } from './support/mqtt-client';
import { uniqueId, uniqueTopic } from './support/names';
import type { Child } from './support/process';

/**
 * The HTTP API as its own app (`node dist/apps/http-api/main.js`) in front of a cluster: a
 * real nats-server and redis-server, two BUILT gateway processes (apps/gateway, users and ACL
 * in Redis, retained messages in Redis), the BUILT session service and the BUILT HTTP API
 * app, driven over real HTTP with an admin key and checked with real MQTT.js devices.
 */
let nats: Awaited<ReturnType<typeof startNats>>;
let redis: Awaited<ReturnType<typeof startRedis>>;
let gwA: App;
let gwB: App;
let session: Child;
let api: Child;
let apiPort: number;
let adminKey: string;
const keys = new TestKeyFile();
const NODE_A = `gw-a-${process.pid}`;
const NODE_B = `gw-b-${process.pid}`;

function gateway(nodeId: string): Promise<App> {
  return startApp(
    {
      CLUSTER_NATS_URL: nats.url,
      REDIS_URL: redis.url,
      NODE_ID: nodeId,
      AUTH_SERVICE: 'local',
      RETAIN_SERVICE: 'local',
      AUTH_STORE: 'redis',
      // Never polled: the gateways learn of API writes from the auth-changed event only.
      AUTH_RELOAD_MS: '0',
      // Long enough that a crashed node is still listed (3 intervals) when the next request runs.
      CLUSTER_HEARTBEAT_MS: '1000',
      HTTP_API_KEYS_FILE: keys.path,
    },
    'gateway',
  );
}

function startApi(env: Record<string, string> = {}): Child {
  return spawnService('http-api', {
    CLUSTER_NATS_URL: nats.url,
    REDIS_URL: redis.url,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    HTTP_API_KEYS_FILE: keys.path,
    RETAIN_SERVICE: 'redis',
    HTTP_API_NODE_DISCOVERY_MS: '1500',
    ...env,
  });
}

const get = (path: string) => call(apiPort, 'GET', path, { key: adminKey });
const post = (path: string, body: unknown) => call(apiPort, 'POST', path, { key: adminKey, body });

/** Follows `next` from the first page to the last, as an API client would. */
async function walkClients(
  prefix: string,
  limit: number,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 1; pages <= 20; pages++) {
    const cursor: string = after === null ? '' : `&after=${encodeURIComponent(after)}`;
    const res = await get(`/api/v1/clients?clientIdPrefix=${prefix}&limit=${limit}${cursor}`);
    expect(res.status).toBe(200);
    const page = res.json as { items: { clientId: string }[]; next: string | null };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((c) => c.clientId));
    if (page.next === null) return { ids, pages };
    after = page.next;
  }
  throw new Error('paging did not end');
}

beforeAll(async () => {
  [nats, redis] = await Promise.all([startNats(), startRedis()]);
  await Promise.all([buildApp('gateway'), buildApp('session'), buildApp('http-api')]);
  adminKey = await keys.add('admin');
  [gwA, gwB] = await Promise.all([gateway(NODE_A), gateway(NODE_B)]);
  session = spawnService('session', {
    NATS_URL: nats.url,
    REDIS_URL: redis.url,
    SESSION_NODE_DISCOVERY_MS: '1000',
  });
  api = startApi();
  await Promise.all([
    session.waitFor(/session service ready/, START_TIMEOUT_MS),
    api.waitFor(/HTTP API listening/, START_TIMEOUT_MS),
  ]);
  const line = logLines(api).find((l) => typeof l['port'] === 'number' && l['port'] !== 0);
  apiPort = line?.['port'] as number;
}, 120_000);

afterAll(async () => {
  for (const c of [api, session, gwA?.child, gwB?.child]) c?.kill('SIGKILL');
  await Promise.all([api?.exited, session?.exited, gwA?.child.exited, gwB?.child.exited]);
  await nats?.stop();
  await redis?.stop();
});

describe('HTTP API app (dist/apps/http-api/main.js) over a two-gateway cluster', () => {
  it('is ready (NATS and Redis) and lists both gateways as cluster nodes', async () => {
    const ready = await call(apiPort, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({ info: { nats: { status: 'up' }, redis: { status: 'up' } } });
    const nodes = await get('/api/v1/cluster/nodes');
    expect(nodes.status).toBe(200);
    const list = nodes.body as { nodeId: string; self: boolean }[];
    expect(list.map((n) => n.nodeId)).toEqual([NODE_A, NODE_B]);
    expect(list.every((n) => !n.self)).toBe(true);
  });

  it('serves Prometheus metrics: process metrics and requests by route pattern and status', async () => {
    expect(
      (await call(apiPort, 'GET', '/api/v1/clients/no-such-client', { key: adminKey })).status,
    ).toBe(404);
    expect((await call(apiPort, 'GET', '/ready')).status).toBe(200);
    const res = await fetch(`http://127.0.0.1:${apiPort}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('mithqtt_process_process_cpu_user_seconds_total');
    // The route pattern, not the raw path: client ids never become label values.
    expect(text).toMatch(
      /mithqtt_http_requests_total\{method="GET",route="\/api\/v1\/clients\/:[A-Za-z]+",status="404"\} 1/,
    );
    expect(text).toMatch(
      /mithqtt_http_requests_total\{method="GET",route="\/ready",status="200"\} \d+/,
    );
  });

  it('lists clients of both gateways, pages 2 at a time over 5 clients without repeats or skips, and stats sum the connections', async () => {
    const prefix = uniqueId('pg');
    const ids = [1, 2, 3, 4, 5].map((i) => `${prefix}-${i}`);
    // Interleaved: 1, 3, 5 on A and 2, 4 on B, so every page mixes the nodes.
    await Promise.all(
      ids.map((clientId, i) =>
        connectClient(i % 2 === 0 ? gwA.mqttPort : gwB.mqttPort, { clientId }),
      ),
    );
    const all = await get(`/api/v1/clients?clientIdPrefix=${prefix}`);
    const items = (all.json as { items: { clientId: string; node: string }[] }).items;
    expect(items.map((c) => [c.clientId, c.node])).toEqual(
      ids.map((id, i) => [id, i % 2 === 0 ? NODE_A : NODE_B]),
    );
    expect(await walkClients(prefix, 2)).toEqual({ ids, pages: 3 });

    const one = await get(`/api/v1/clients/${ids[3]}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ clientId: ids[3], node: NODE_B });

    const everyone = await get('/api/v1/clients?limit=1000');
    const connected = (everyone.json as { items: unknown[] }).items.length;
    expect(connected).toBeGreaterThanOrEqual(5);
    const stats = await get('/api/v1/stats');
    expect(stats.status).toBe(200);
    expect(stats.json).toMatchObject({ nodeId: 'cluster', connections: connected });
  });

  it('kicks a client connected to the other gateway: it sees the close and its will reaches A', async () => {
    const willTopic = uniqueTopic('will');
    const watcher = await connectClient(gwA.mqttPort);
    await watcher.subscribe(willTopic, 1);
    const clientId = uniqueId('kick');
    const victim: TestClient = await connectClient(gwB.mqttPort, {
      clientId,
      will: { topic: willTopic, payload: Buffer.from('gone'), qos: 1, retain: false },
    });
    expect((await post(`/api/v1/clients/${clientId}/kick`, {})).status).toBe(204);
    await victim.closed;
    expect(await watcher.messages.next()).toMatchObject({ topic: willTopic, text: 'gone' });
    expect((await post(`/api/v1/clients/${clientId}/kick`, {})).status).toBe(404);
  });

  it('subscribes a client on gateway B, which then receives a message published through the API', async () => {
    const topic = uniqueTopic('cmd');
    const clientId = uniqueId('sub');
    const device = await connectClient(gwB.mqttPort, { clientId });
    const added = await post(`/api/v1/clients/${clientId}/subscriptions`, {
      filter: topic,
      qos: 1,
    });
    expect(added.status).toBe(201);
    const subs = await get(`/api/v1/clients/${clientId}/subscriptions`);
    expect(subs.body).toEqual([{ filter: topic, qos: 1 }]);
    const published = await post('/api/v1/publish', { topic, payload: 'on', qos: 1 });
    expect(published.status).toBe(200);
    expect(await device.messages.next()).toMatchObject({ topic, text: 'on' });
    // The topic travels in a NATS header: one NATS would trim is refused, not altered.
    const spaced = await post('/api/v1/publish', { topic: `${topic} `, payload: 'x' });
    expect(spaced.status).toBe(400);
    expect(spaced.json).toMatchObject({ fields: [{ field: 'topic' }] });
    await device.messages.expectNothing();
    expect(
      (await post('/api/v1/clients/nobody-here/subscriptions', { filter: 'x', qos: 0 })).status,
    ).toBe(404);
  });

  it('a user created through the API can connect to a gateway at once; the change is announced on NATS', async () => {
    const credentials = { username: uniqueId('carol'), password: 'carol-password-1' };
    expect(await connackCode(gwB.mqttPort, credentials)).not.toBe(0);
    const nc = await natsConnect({ servers: nats.url });
    const events = nc.subscribe('mqtt.events.v1.auth-changed', { max: 1, timeout: 5000 });
    await nc.flush();
    expect((await post('/api/v1/users', credentials)).status).toBe(201);
    for await (const event of events) {
      expect(event.json()).toMatchObject({ nodeId: 'http-api', what: 'user' });
    }
    await nc.close();
    expect(await connackCode(gwB.mqttPort, credentials)).toBe(0);
    expect(await connackCode(gwA.mqttPort, credentials)).toBe(0);
  });

  it('shows an offline persistent session held by gateway B and deletes it: the next CONNECT finds none', async () => {
    const clientId = uniqueId('persist');
    const device = await connectClient(gwB.mqttPort, { clientId, clean: false });
    await device.subscribe(uniqueTopic('p'), 1);
    await device.disconnect();
    const res = await get(`/api/v1/sessions/${clientId}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ clientId, persistent: true, online: false, node: NODE_B });
    const listed = await get(`/api/v1/sessions?clientIdPrefix=${clientId}`);
    expect(listed.json).toMatchObject({ items: [{ clientId, node: NODE_B }], next: null });
    expect(
      (await call(apiPort, 'DELETE', `/api/v1/sessions/${clientId}`, { key: adminKey })).status,
    ).toBe(204);
    expect((await get(`/api/v1/sessions/${clientId}`)).status).toBe(404);
    const again = await connectClient(gwA.mqttPort, { clientId, clean: false });
    expect(again.connack.sessionPresent).toBe(false);
  });

  it("keeps a retained message published through the API in the gateways' store: listed, and sent to a later subscriber on either gateway", async () => {
    const topic = uniqueTopic('retained');
    const res = await post('/api/v1/publish', { topic, payload: '21.5', qos: 1, retain: true });
    expect(res.status).toBe(200);
    const listed = await get(`/api/v1/retained?filter=${encodeURIComponent(topic)}`);
    expect(listed.json).toMatchObject({ items: [{ topic, payloadUtf8: '21.5' }], next: null });
    for (const port of [gwA.mqttPort, gwB.mqttPort]) {
      const late = await connectClient(port);
      await late.subscribe(topic, 1);
      expect(await late.messages.next()).toMatchObject({ topic, text: '21.5', retain: true });
    }
  });

  it('with RETAIN_SERVICE=nats reads and deletes retained messages through the retain service (503 when it is gone)', async () => {
    await buildApp('retain');
    const retain = spawnService('retain', { NATS_URL: nats.url, REDIS_URL: redis.url });
    const viaService = startApi({ RETAIN_SERVICE: 'nats' });
    try {
      await Promise.all([
        retain.waitFor(/retain service ready/, START_TIMEOUT_MS),
        viaService.waitFor(/HTTP API listening/, START_TIMEOUT_MS),
      ]);
      const line = logLines(viaService).find(
        (l) => typeof l['port'] === 'number' && l['port'] !== 0,
      );
      const port = line?.['port'] as number;
      const topic = uniqueTopic('via-retain-service');
      // Stored by a gateway (same Redis keys as the retain service's).
      const device = await connectClient(gwA.mqttPort);
      await device.publish(topic, 'kept', { qos: 1, retain: true });
      const listed = await call(
        port,
        'GET',
        `/api/v1/retained?filter=${encodeURIComponent(topic)}`,
        {
          key: adminKey,
        },
      );
      expect(listed.json).toMatchObject({ items: [{ topic, payloadUtf8: 'kept' }] });
      const path = `/api/v1/retained/message?topic=${encodeURIComponent(topic)}`;
      expect((await call(port, 'DELETE', path, { key: adminKey })).status).toBe(204);
      const late = await connectClient(gwB.mqttPort);
      await late.subscribe(topic, 1);
      await late.messages.expectNothing();
      await retain.stop();
      const gone = await call(port, 'GET', `/api/v1/retained?filter=${encodeURIComponent(topic)}`, {
        key: adminKey,
      });
      expect(gone.status).toBe(503);
    } finally {
      await Promise.all([retain.stop(), viaService.stop()]);
    }
  });

  it('answers 503 naming the node while a crashed gateway is still believed alive, then lists the rest', async () => {
    const onA = uniqueId('survivor');
    await connectClient(gwA.mqttPort, { clientId: onA });
    gwB.child.kill('SIGKILL');
    await gwB.child.exited;
    const during = await get('/api/v1/clients');
    expect(during.status).toBe(503);
    expect(JSON.stringify(during.body)).toContain(NODE_B);
    // Dropped after 3 silent heartbeat intervals (1 s each).
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const after = await get(`/api/v1/clients?clientIdPrefix=${onA}`);
    expect(after.status).toBe(200);
    expect(after.json).toMatchObject({ items: [{ clientId: onA, node: NODE_A }] });
    const nodes = (await get('/api/v1/cluster/nodes')).body as { nodeId: string }[];
    expect(nodes.map((n) => n.nodeId)).toEqual([NODE_A]);
  });

  it(
    'refuses a bad setting with exit 78 naming it, and stops on SIGTERM with exit 0',
    async () => {
      const bad = startApi({ RETAIN_SERVICE: 'memory' });
      expect((await bad.waitForExit(START_TIMEOUT_MS)).code).toBe(78);
      expect(bad.stderr).toContain('RETAIN_SERVICE');
      api.kill('SIGTERM');
      expect(await api.waitForExit(START_TIMEOUT_MS)).toMatchObject({ code: 0 });
      expect(api.output).toContain('shutting down');
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});
