import { Authenticator, hashPassword, MemoryAuthStore } from '@mithqtt/auth';
import { AUTH_AUTHORIZE } from '@mithqtt/contracts';
import type { ConnectRequest } from '@mithqtt/protocol';
import { startNats } from '@mithqtt/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_RETRY, RpcClient, RpcError, RpcServer } from '../rpc';
import { type CredentialChecker, serveAuth } from './auth-rpc-server';
import { NatsAuthPort } from './nats-auth-port';

const connectOf = (over: Partial<ConnectRequest>): ConnectRequest => ({
  clientId: 'c1',
  username: undefined,
  password: undefined,
  remoteAddress: '127.0.0.1:5000',
  cleanSession: true,
  protocolVersion: 4,
  ...over,
});

let nats: Awaited<ReturnType<typeof startNats>>;
let serviceConn: NatsConnection;
let gatewayConn: NatsConnection;
let store: MemoryAuthStore;
let server: RpcServer;

async function startService(checker: CredentialChecker): Promise<RpcServer> {
  const rpc = new RpcServer(serviceConn, { queue: 'auth' });
  serveAuth(rpc, checker);
  await serviceConn.flush();
  return rpc;
}

async function serviceOverStore(): Promise<RpcServer> {
  return startService(
    await Authenticator.create({ store, mode: 'builtin', anonymous: false, aclDefault: 'allow' }),
  );
}

/** Runs `body` while `checker` is the only auth service answering. */
async function withOnlyService(checker: CredentialChecker, body: () => Promise<void>) {
  await server.stop();
  const other = await startService(checker);
  try {
    await body();
  } finally {
    await other.stop();
    server = await serviceOverStore();
  }
}

beforeAll(async () => {
  nats = await startNats();
  store = new MemoryAuthStore();
  await store.createUser({
    username: 'alice',
    passwordHash: await hashPassword('alice-pw', { ln: 4, r: 8, p: 1 }),
    disabled: false,
    createdAt: new Date().toISOString(),
  });
  await store.addRule({
    subject: { type: 'all' },
    action: 'all',
    effect: 'deny',
    filter: 'secret/#',
  });
  serviceConn = await connect({ servers: nats.url });
  gatewayConn = await connect({ servers: nats.url });
  server = await serviceOverStore();
});

afterAll(async () => {
  await server.stop();
  await serviceConn.close();
  await gatewayConn.close();
  await nats.stop();
});

async function gateway() {
  const local = await Authenticator.create({
    store,
    mode: 'builtin',
    anonymous: false,
    aclDefault: 'deny',
  });
  return { local, port: new NatsAuthPort(new RpcClient(gatewayConn), local) };
}

describe('auth over NATS (mqtt.auth.v1.*)', () => {
  it('accepts the right password and refuses a wrong one or an anonymous client', async () => {
    const { port } = await gateway();
    const password = Buffer.from('alice-pw');
    expect(await port.authenticate(connectOf({ username: 'alice', password }))).toEqual({
      ok: true,
    });
    expect(
      await port.authenticate(connectOf({ username: 'alice', password: Buffer.from('nope') })),
    ).toEqual({ ok: false, reason: 'bad-credentials' });
    expect(await port.authenticate(connectOf({}))).toEqual({
      ok: false,
      reason: 'not-authorized',
    });
  });

  it('carries binary passwords intact (MQTT passwords are bytes)', async () => {
    const bytes = Buffer.from([0, 255, 10, 13, 128]);
    await store.createUser({
      username: 'bin',
      passwordHash: await hashPassword(bytes, { ln: 4, r: 8, p: 1 }),
      disabled: false,
      createdAt: new Date().toISOString(),
    });
    const { port } = await gateway();
    expect(await port.authenticate(connectOf({ username: 'bin', password: bytes }))).toEqual({
      ok: true,
    });
  });

  it('grants in the reply are admitted to the gateway-local authorizer', async () => {
    // A service whose credential carries its own rules, as a JWT ACL claim does.
    const jwtLike: CredentialChecker = {
      verify: () =>
        Promise.resolve({
          ok: true,
          grants: [
            { subject: { type: 'all' }, action: 'publish', effect: 'allow', filter: 'own/%c/#' },
          ],
        }),
      canPublish: () => false,
      canSubscribe: () => false,
    };
    await withOnlyService(jwtLike, async () => {
      const { local, port } = await gateway();
      expect(await port.authenticate(connectOf({ clientId: 'dev-9' }))).toEqual({ ok: true });
      const who = { clientId: 'dev-9', username: undefined };
      expect(local.canPublish(who, 'own/dev-9/x')).toBe(true);
      expect(local.canPublish(who, 'own/dev-8/x')).toBe(false);
    });
  });

  it('authorize answers other microservices from the stored rules', async () => {
    const rpc = new RpcClient(gatewayConn);
    const ask = (action: 'publish' | 'subscribe', topic: string) =>
      rpc.call(AUTH_AUTHORIZE, { clientId: 'svc', username: 'alice', action, topic });
    expect(await ask('publish', 'open/x')).toEqual({ allowed: true });
    expect(await ask('publish', 'secret/x')).toEqual({ allowed: false });
    expect(await ask('subscribe', '#')).toEqual({ allowed: false }); // # reaches secret/...
    await expect(ask('publish', 'a/+')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      field: 'topic',
    });
  });

  it('a store that cannot be read is UNAVAILABLE (CONNACK 0x03), not a refusal', async () => {
    const broken: CredentialChecker = {
      verify: () => Promise.reject(new Error('redis down')),
      canPublish: () => true,
      canSubscribe: () => true,
    };
    await withOnlyService(broken, async () => {
      const port = new NatsAuthPort(new RpcClient(gatewayConn, { retry: NO_RETRY }), {
        admit: () => undefined,
      });
      const error = await port
        .authenticate(connectOf({ username: 'alice', password: Buffer.from('alice-pw') }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcError);
      expect(error).toMatchObject({ code: 'UNAVAILABLE' });
      expect(String((error as Error).message)).not.toContain('alice-pw');
    });
  });

  it('no auth service at all fails fast with UNAVAILABLE', async () => {
    const port = new NatsAuthPort(new RpcClient(gatewayConn, { retry: NO_RETRY }), {
      admit: () => undefined,
    });
    await server.stop();
    try {
      const started = Date.now();
      await expect(port.authenticate(connectOf({}))).rejects.toMatchObject({
        code: 'UNAVAILABLE',
      });
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      server = await serviceOverStore();
    }
  });
});
