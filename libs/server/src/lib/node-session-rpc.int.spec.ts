import { BrokerConfig, loadConfig } from '@mithqtt/config';
import { nodeSessionContract } from '@mithqtt/contracts';
import { RpcClient } from '@mithqtt/nats';
import { startNats } from '@mithqtt/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startEmbedded } from './embedded/start-embedded';
import { createLogger } from './logger';

// One gateway node on a real nats-server: its node-addressed session subjects act on its own
// broker (the session service forwards mqtt.session.v1.* there).
let nats: Awaited<ReturnType<typeof startNats>>;
let node: RunningBroker;
let nc: NatsConnection;
let rpc: RpcClient;
const clients: MqttClient[] = [];
const NODE = 'node-s1';

async function client(clientId: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const c = mqtt.connect({
    host: '127.0.0.1',
    port: node.mqttPort,
    clientId,
    protocolVersion: 4,
    reconnectPeriod: 0,
    ...options,
  });
  clients.push(c);
  await new Promise<void>((resolve, reject) => {
    c.once('connect', (connack) => {
      sessionPresent.set(c, connack.sessionPresent);
      resolve();
    });
    c.once('error', reject);
  });
  return c;
}
const sessionPresent = new WeakMap<MqttClient, boolean>();

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  nats = await startNats();
  const config = loadConfig(BrokerConfig, {
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    CLUSTER_NATS_URL: nats.url,
    NODE_ID: NODE,
  });
  node = await startEmbedded(config, createLogger('silent', NODE));
  nc = await connect({ servers: nats.url });
  rpc = new RpcClient(nc, { timeoutMs: 1000 });
}, 30_000);

afterAll(async () => {
  for (const c of clients) c.end(true);
  await nc?.close();
  await node?.close();
  await nats?.stop();
});

describe('mqtt.node.v1.<nodeId>.session.* on a gateway node', () => {
  it('get shows a connected client with its subscriptions, sorted', async () => {
    const c = await client('n-get');
    await c.subscribeAsync({ 'b/#': { qos: 0 }, 'a/+': { qos: 1 } });
    expect(await rpc.call(nodeSessionContract(NODE, 'get'), { clientId: 'n-get' })).toEqual({
      clientId: 'n-get',
      online: true,
      node: NODE,
      persistent: false,
      subscriptions: [
        { filter: 'a/+', qos: 1 },
        { filter: 'b/#', qos: 0 },
      ],
      queued: 0,
      inflight: 0,
    });
  });

  it('subscribe makes the client receive matching messages; unsubscribe stops them', async () => {
    const c = await client('n-sub');
    const got: string[] = [];
    c.on('message', (_t, payload) => got.push(payload.toString()));
    expect(
      await rpc.call(nodeSessionContract(NODE, 'subscribe'), {
        clientId: 'n-sub',
        filter: 'cmd/n-sub/#',
        qos: 1,
      }),
    ).toEqual({ filter: 'cmd/n-sub/#', qos: 1 });
    const pub = await client('n-pub');
    await pub.publishAsync('cmd/n-sub/reboot', 'now', { qos: 1 });
    await until(() => got.length === 1);
    expect(
      await rpc.call(nodeSessionContract(NODE, 'unsubscribe'), {
        clientId: 'n-sub',
        filter: 'cmd/n-sub/#',
      }),
    ).toEqual({ removed: true });
    expect(
      await rpc.call(nodeSessionContract(NODE, 'unsubscribe'), {
        clientId: 'n-sub',
        filter: 'cmd/n-sub/#',
      }),
    ).toEqual({ removed: false });
    await pub.publishAsync('cmd/n-sub/reboot', 'again', { qos: 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toEqual(['now']);
  });

  it('kick closes the connection (its will is published); the offline session stays', async () => {
    const watcher = await client('n-watch');
    const wills: string[] = [];
    watcher.on('message', (_t, payload) => wills.push(payload.toString()));
    await watcher.subscribeAsync('wills/#', { qos: 1 });
    const victim = await client('n-kick', {
      clean: false,
      will: { topic: 'wills/n-kick', payload: Buffer.from('gone'), qos: 1, retain: false },
    });
    const closed = new Promise<void>((resolve) => victim.once('close', () => resolve()));
    const kick = nodeSessionContract(NODE, 'kick');
    expect(await rpc.call(kick, { clientId: 'n-kick' })).toEqual({ kicked: true });
    await closed;
    await until(() => wills.length === 1);
    expect(wills).toEqual(['gone']);
    expect(await rpc.call(kick, { clientId: 'n-kick' })).toEqual({ kicked: false });
    expect(await rpc.call(nodeSessionContract(NODE, 'get'), { clientId: 'n-kick' })).toMatchObject({
      online: false,
      node: null,
      persistent: true,
    });
  });

  it('delete discards the session: a reconnect gets sessionPresent=false', async () => {
    const c = await client('n-del', { clean: false });
    await c.subscribeAsync('x', { qos: 1 });
    c.end(true);
    await until(() => !c.connected);
    expect(await rpc.call(nodeSessionContract(NODE, 'delete'), { clientId: 'n-del' })).toEqual({
      deleted: true,
    });
    const again = await client('n-del', { clean: false });
    expect(sessionPresent.get(again)).toBe(false);
    await expect(
      rpc.call(nodeSessionContract(NODE, 'get'), { clientId: 'n-del' }),
    ).resolves.toMatchObject({ subscriptions: [] });
  });

  it('a client this node does not hold is NOT_FOUND, for every verb', async () => {
    const calls = [
      rpc.call(nodeSessionContract(NODE, 'get'), { clientId: 'nobody' }),
      rpc.call(nodeSessionContract(NODE, 'kick'), { clientId: 'nobody' }),
      rpc.call(nodeSessionContract(NODE, 'delete'), { clientId: 'nobody' }),
    ];
    for (const call of calls) await expect(call).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      rpc.call(nodeSessionContract(NODE, 'subscribe'), { clientId: 'nobody', filter: 'a', qos: 0 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      rpc.call(nodeSessionContract(NODE, 'unsubscribe'), { clientId: 'nobody', filter: 'a' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a bad filter sent raw is BAD_REQUEST naming it', async () => {
    const reply = await nc.request(
      nodeSessionContract(NODE, 'subscribe').subject,
      JSON.stringify({ clientId: 'n-get', filter: 'a/#/b', qos: 1 }),
      { timeout: 1000 },
    );
    expect(reply.headers?.get('mqtt-error')).toBe('BAD_REQUEST');
    expect(reply.json()).toMatchObject({ error: { field: 'filter' } });
  });
});
