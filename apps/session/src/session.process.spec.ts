import { BrokerConfig, loadConfig } from '@mithqtt/config';
import {
  SESSION_DELETE,
  SESSION_GET,
  SESSION_KICK,
  SESSION_SUBSCRIBE,
  SESSION_UNSUBSCRIBE,
} from '@mithqtt/contracts';
import { NO_RETRY, RpcClient } from '@mithqtt/nats';
import { createLogger, type RunningBroker, startEmbedded } from '@mithqtt/server';
import { expectLiveAndReady, httpReadyPort, probe, startNats, startRedis } from '@mithqtt/testing';
import { type NatsConnection, connect } from '@nats-io/transport-node';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The distributed deployment in miniature: nats-server + redis-server, two gateway nodes
// (in-process, as libs/server's cluster tests run them) and the BUILT session app as a
// process; real MQTT.js devices, and a backend calling mqtt.session.v1.* over NATS.
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MAIN = join(ROOT, 'dist/apps/session/main.js');

let nats: Awaited<ReturnType<typeof startNats>>;
let redis: Awaited<ReturnType<typeof startRedis>>;
let a: RunningBroker;
let b: RunningBroker;
let service: {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** /health, /ready and /metrics (HTTP_PORT=0: read from its log). */
  httpPort: number;
  output(): string;
};
let nc: NatsConnection;
let rpc: RpcClient;
const devices: MqttClient[] = [];
const sessionPresent = new WeakMap<MqttClient, boolean>();

function node(id: string): Promise<RunningBroker> {
  const config = loadConfig(BrokerConfig, {
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    CLUSTER_NATS_URL: nats.url,
    CLUSTER_HEARTBEAT_MS: '200',
    REDIS_URL: redis.url,
    NODE_ID: id,
  });
  return startEmbedded(config, createLogger('silent', id));
}

/** Starts the BUILT app, resolved once it serves NATS and HTTP. */
function startService(env: Record<string, string> = {}): Promise<typeof service> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NATS_URL: nats.url,
      REDIS_URL: redis.url,
      SESSION_QUEUE_GROUP: 'session-proc',
      SESSION_NODE_DISCOVERY_MS: '600',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service not ready:\n${out}`)), 15_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      // Logged after 'session service ready': the port opens once the app serves on NATS.
      const httpPort = httpReadyPort(out);
      if (httpPort !== undefined) {
        clearTimeout(timer);
        resolve({ child, exited, httpPort, output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${out}`));
    });
  });
}

async function device(
  on: RunningBroker,
  clientId: string,
  options: IClientOptions = {},
): Promise<MqttClient> {
  const c = mqtt.connect({
    host: '127.0.0.1',
    port: on.mqttPort,
    clientId,
    protocolVersion: 4,
    reconnectPeriod: 0,
    ...options,
  });
  devices.push(c);
  await new Promise<void>((resolve, reject) => {
    c.once('connect', (connack) => {
      sessionPresent.set(c, connack.sessionPresent);
      resolve();
    });
    c.once('error', reject);
  });
  return c;
}

function received(c: MqttClient): string[] {
  const got: string[] = [];
  c.on('message', (topic, payload) => got.push(`${topic} ${payload.toString()}`));
  return got;
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function offline(c: MqttClient): Promise<void> {
  await c.endAsync();
  await new Promise((r) => setTimeout(r, 100)); // the node sees the socket close
}

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['tools/build/build-app.mjs', 'session'], {
    cwd: ROOT,
  });
  [nats, redis] = await Promise.all([startNats(), startRedis()]);
  a = await node('node-a');
  b = await node('node-b');
  service = await startService();
  nc = await connect({ servers: nats.url });
  rpc = new RpcClient(nc, { timeoutMs: 3000 });
}, 120_000);

afterAll(async () => {
  for (const c of devices) c.end(true);
  if (service?.child.exitCode === null) service.child.kill('SIGKILL');
  await nc?.close();
  await a?.close();
  await b?.close();
  await Promise.all([nats?.stop(), redis?.stop()]);
});

describe('session service process (dist/apps/session/main.js) with two gateways', () => {
  it('both gateways were known before it served', () => {
    expect(service.output()).toMatch(/"nodes":\["node-[ab]","node-[ab]"\]/);
  });

  it('get shows a client online on node B with its subscriptions', async () => {
    const c = await device(b, 'dev-online');
    await c.subscribeAsync({ 'status/+': { qos: 1 }, 'cfg/#': { qos: 0 } });
    expect(await rpc.call(SESSION_GET, { clientId: 'dev-online' })).toEqual({
      clientId: 'dev-online',
      online: true,
      node: 'node-b',
      persistent: false, // a clean session: found by asking the live gateways
      subscriptions: [
        { filter: 'cfg/#', qos: 0 },
        { filter: 'status/+', qos: 1 },
      ],
      queued: 0,
      inflight: 0,
    });
  });

  it('subscribe over NATS: the client on B receives a message published on A', async () => {
    const c = await device(b, 'dev-cmd', { clean: false });
    const got = received(c);
    expect(
      await rpc.call(SESSION_SUBSCRIBE, { clientId: 'dev-cmd', filter: 'cmd/dev-cmd/+', qos: 1 }),
    ).toEqual({ filter: 'cmd/dev-cmd/+', qos: 1 });
    const backend = await device(a, 'backend-1');
    await backend.publishAsync('cmd/dev-cmd/reboot', 'now', { qos: 1 });
    await until(() => got.length === 1);
    expect(got).toEqual(['cmd/dev-cmd/reboot now']);
    expect(
      await rpc.call(SESSION_UNSUBSCRIBE, { clientId: 'dev-cmd', filter: 'cmd/dev-cmd/+' }),
    ).toEqual({ removed: true });
    await backend.publishAsync('cmd/dev-cmd/reboot', 'again', { qos: 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toEqual(['cmd/dev-cmd/reboot now']);
  });

  it('kick closes the client on B; its will reaches a subscriber on A', async () => {
    const watcher = await device(a, 'watcher');
    const wills = received(watcher);
    await watcher.subscribeAsync('wills/#', { qos: 1 });
    const victim = await device(b, 'dev-kick', {
      will: { topic: 'wills/dev-kick', payload: Buffer.from('lost'), qos: 1, retain: false },
    });
    const closed = new Promise<void>((resolve) => victim.once('close', () => resolve()));
    expect(await rpc.call(SESSION_KICK, { clientId: 'dev-kick' })).toEqual({ kicked: true });
    await closed;
    await until(() => wills.length === 1);
    expect(wills).toEqual(['wills/dev-kick lost']);
  });

  it('an offline persistent session subscribed over NATS gets the messages queued meanwhile', async () => {
    const c = await device(b, 'dev-sleepy', { clean: false });
    await offline(c);
    expect(
      await rpc.call(SESSION_SUBSCRIBE, { clientId: 'dev-sleepy', filter: 'ota/#', qos: 1 }),
    ).toEqual({ filter: 'ota/#', qos: 1 });
    const backend = await device(a, 'backend-2');
    for (const n of [1, 2, 3]) await backend.publishAsync(`ota/v${n}`, `fw${n}`, { qos: 1 });
    // Routed from A to B over NATS, queued in the session B holds.
    let view = await rpc.call(SESSION_GET, { clientId: 'dev-sleepy' });
    for (let i = 0; i < 50 && view.queued < 3; i++) {
      await new Promise((r) => setTimeout(r, 20));
      view = await rpc.call(SESSION_GET, { clientId: 'dev-sleepy' });
    }
    expect(view).toMatchObject({ online: false, node: null, persistent: true, queued: 3 });
    expect(view.subscriptions).toEqual([{ filter: 'ota/#', qos: 1 }]);
    // Comes back on the other gateway: the session follows it, queue and all.
    const back = mqtt.connect({
      host: '127.0.0.1',
      port: a.mqttPort,
      clientId: 'dev-sleepy',
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    devices.push(back);
    const got = received(back);
    await until(() => got.length === 3);
    expect(got).toEqual(['ota/v1 fw1', 'ota/v2 fw2', 'ota/v3 fw3']);
    expect(await rpc.call(SESSION_GET, { clientId: 'dev-sleepy' })).toMatchObject({
      online: true,
      node: 'node-a',
    });
  });

  it('delete removes an offline session: the reconnect has sessionPresent=false', async () => {
    const c = await device(b, 'dev-gone', { clean: false });
    await c.subscribeAsync('x/y', { qos: 1 });
    await offline(c);
    expect(await rpc.call(SESSION_DELETE, { clientId: 'dev-gone' })).toEqual({ deleted: true });
    await expect(rpc.call(SESSION_GET, { clientId: 'dev-gone' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const again = await device(a, 'dev-gone', { clean: false });
    expect(sessionPresent.get(again)).toBe(false);
  });

  it('an unknown client is NOT_FOUND', async () => {
    await expect(rpc.call(SESSION_GET, { clientId: 'nobody' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(rpc.call(SESSION_KICK, { clientId: 'nobody' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('answers /health, /ready (NATS and Redis up) and /metrics with the requests it served', async () => {
    await expectLiveAndReady(service.httpPort);
    const metrics = await probe(service.httpPort, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
    // The kick tests above: one client kicked, one unknown.
    const kicks = `mithqtt_rpc_requests_total{subject="${SESSION_KICK.subject}"`;
    expect(metrics.body).toContain(`${kicks},outcome="OK"} 1`);
    expect(metrics.body).toContain(`${kicks},outcome="NOT_FOUND"} 1`);
  });

  it('SIGTERM stops it (exit 0); then callers get UNAVAILABLE at once', async () => {
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('session service stopped');
    const started = Date.now();
    await expect(
      new RpcClient(nc, { retry: NO_RETRY }).call(SESSION_GET, { clientId: 'dev-online' }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('a bad setting stops start-up with exit 78, naming it', async () => {
    const error = await startService({ SESSION_QUEUE_GROUP: 'a.b' }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/exited with 78/);
    expect(String(error)).toMatch(/SESSION_QUEUE_GROUP/);
  });
});
