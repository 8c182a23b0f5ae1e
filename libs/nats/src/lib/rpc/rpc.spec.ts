import { ERROR_HEADER, type JsonContract } from '@mithqtt/contracts';
import { startNats } from '@mithqtt/testing';
import { type NatsConnection, connect } from '@nats-io/transport-node';
import { IsInt, IsString, Min } from 'class-validator';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RpcClient, RpcError, RpcServer, RpcStats } from './index';

class EchoRequest {
  @IsString() text!: string;
  @IsInt() @Min(0) delayMs!: number;
}
class EchoReply {
  @IsString() text!: string;
  @IsString() by!: string;
}

let n = 0;
/** A fresh subject per test, so replicas of one test never answer another's requests. */
function echoContract(idempotent = true): JsonContract<EchoRequest, EchoReply> {
  return {
    subject: `mqtt.test.v1.echo-${++n}`,
    request: EchoRequest,
    reply: EchoReply,
    idempotent,
  };
}

let nats: Awaited<ReturnType<typeof startNats>>;
const connections: NatsConnection[] = [];
const servers: RpcServer[] = [];

async function conn(): Promise<NatsConnection> {
  const nc = await connect({ servers: nats.url });
  connections.push(nc);
  return nc;
}

/** A replica: its own connection, an RpcServer in queue group `q` answering echo requests. */
async function replica(
  contract: JsonContract<EchoRequest, EchoReply>,
  name: string,
  seen: string[] = [],
) {
  const nc = await conn();
  const server = new RpcServer(nc, { queue: 'q' });
  servers.push(server);
  server.handleJson(contract, async (req) => {
    seen.push(req.text);
    if (req.delayMs > 0) await sleep(req.delayMs);
    return { text: req.text, by: name };
  });
  await nc.flush();
  return { nc, server, seen };
}

beforeAll(async () => {
  nats = await startNats();
});
afterEach(async () => {
  await Promise.allSettled(servers.splice(0).map((s) => s.stop()));
  await Promise.allSettled(connections.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await nats.stop();
});

describe('RpcClient / RpcServer over a real nats-server', () => {
  it('round-trips a JSON call validated at both ends', async () => {
    const contract = echoContract();
    await replica(contract, 'a');
    const client = new RpcClient(await conn());
    await expect(client.call(contract, { text: 'hi', delayMs: 0 })).resolves.toEqual({
      text: 'hi',
      by: 'a',
    });
  });

  it('refuses an invalid request before sending it, naming the field', async () => {
    const contract = echoContract();
    const { seen } = await replica(contract, 'a');
    const client = new RpcClient(await conn());
    const error = await client.call(contract, { text: 'x', delayMs: -1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', field: 'delayMs' });
    expect(seen).toEqual([]);
  });

  it('answers bad JSON and DTO violations with a BAD_REQUEST envelope, and keeps serving', async () => {
    const contract = echoContract();
    await replica(contract, 'a');
    const nc = await conn();
    const bad = await nc.request(contract.subject, '{"text":', { timeout: 2000 });
    expect(bad.headers?.get(ERROR_HEADER)).toBe('BAD_REQUEST');
    expect(bad.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: 'body is not valid JSON' },
    });
    const wrong = await nc.request(contract.subject, '{"text":1,"delayMs":0}', { timeout: 2000 });
    expect(wrong.json()).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'text' } });
    const binary = await nc.request(contract.subject, new Uint8Array([0xff, 0, 0xfe]), {
      timeout: 2000,
    });
    expect(binary.headers?.get(ERROR_HEADER)).toBe('BAD_REQUEST');
    nc.publish(contract.subject, 'no reply subject');
    const client = new RpcClient(nc);
    await expect(client.call(contract, { text: 'still here', delayMs: 0 })).resolves.toMatchObject({
      text: 'still here',
    });
  });

  it('maps a handler failure to INTERNAL without leaking it; a thrown RpcError keeps its code', async () => {
    const nc = await conn();
    const errors: unknown[] = [];
    const server = new RpcServer(nc, { queue: 'q', onError: (_s, e) => errors.push(e) });
    servers.push(server);
    const contract = echoContract();
    server.handleJson(contract, (req) => {
      if (req.text === 'missing') throw new RpcError('NOT_FOUND', 'no such thing', 'text');
      if (req.text === 'liar') return Promise.resolve({ text: 7 } as unknown as EchoReply);
      throw new Error('redis password is hunter2');
    });
    await nc.flush();
    const client = new RpcClient(await conn());
    const boom = await client.call(contract, { text: 'x', delayMs: 0 }).catch((e: unknown) => e);
    expect(boom).toBeInstanceOf(RpcError);
    expect(boom).toMatchObject({
      code: 'INTERNAL',
      message: `internal error serving ${contract.subject}`,
    });
    expect(String((errors[0] as Error).message)).toContain('hunter2');
    await expect(client.call(contract, { text: 'missing', delayMs: 0 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'text',
    });
    // A reply outside its contract is refused by the server before it leaves.
    await expect(client.call(contract, { text: 'liar', delayMs: 0 })).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });

  it('counts every answered request by subject and outcome in RpcStats', async () => {
    const nc = await conn();
    const stats = new RpcStats();
    const server = new RpcServer(nc, { queue: 'q', stats });
    servers.push(server);
    const contract = echoContract();
    server.handleJson(contract, (req) => {
      if (req.text === 'missing') throw new RpcError('NOT_FOUND', 'no such thing');
      if (req.text === 'boom') throw new Error('broken');
      return Promise.resolve({ text: req.text, by: 'a' });
    });
    await nc.flush();
    const client = new RpcClient(await conn());
    await client.call(contract, { text: 'one', delayMs: 0 });
    await client.call(contract, { text: 'two', delayMs: 0 });
    await client.call(contract, { text: 'missing', delayMs: 0 }).catch(() => undefined);
    await client.call(contract, { text: 'boom', delayMs: 0 }).catch(() => undefined);
    await nc.request(contract.subject, '{"text":', { timeout: 2000 });
    expect([...stats.entries()]).toEqual([
      { subject: contract.subject, outcome: 'OK', count: 2 },
      { subject: contract.subject, outcome: 'NOT_FOUND', count: 1 },
      { subject: contract.subject, outcome: 'INTERNAL', count: 1 },
      { subject: contract.subject, outcome: 'BAD_REQUEST', count: 1 },
    ]);
  });

  it('no responders: UNAVAILABLE after the bounded retries', async () => {
    const client = new RpcClient(await conn(), {
      retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 10 },
    });
    const started = Date.now();
    await expect(client.call(echoContract(), { text: 'x', delayMs: 0 })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^no service answers mqtt\.test\.v1\.echo-/) as unknown,
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('retries no-responders until a replica appears, even for a non-idempotent verb', async () => {
    const contract = echoContract(false);
    const client = new RpcClient(await conn(), {
      retry: { attempts: 6, baseDelayMs: 100, maxDelayMs: 200 },
      random: () => 1,
    });
    const call = client.call(contract, { text: 'late', delayMs: 0 });
    await sleep(150);
    await replica(contract, 'late-replica');
    await expect(call).resolves.toEqual({ text: 'late', by: 'late-replica' });
  });

  it('times out: TIMEOUT, retried for an idempotent verb only', async () => {
    const slowOnce = echoContract(true);
    const { seen } = await replica(slowOnce, 'a');
    const client = new RpcClient(await conn(), {
      timeoutMs: 150,
      retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 5 },
    });
    await expect(client.call(slowOnce, { text: 'slow', delayMs: 400 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    expect(seen).toEqual(['slow', 'slow', 'slow']);

    const once = echoContract(false);
    const other = await replica(once, 'b');
    await expect(client.call(once, { text: 'slow', delayMs: 400 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    expect(other.seen).toEqual(['slow']);
  });

  it('shares load across two replicas of a queue group', async () => {
    const contract = echoContract();
    const a = await replica(contract, 'a');
    const b = await replica(contract, 'b');
    const client = new RpcClient(await conn());
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.call(contract, { text: String(i), delayMs: 0 })),
    );
    expect(replies.map((r) => r.text)).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
    expect(a.seen.length + b.seen.length).toBe(200);
    expect(a.seen.length).toBeGreaterThan(20);
    expect(b.seen.length).toBeGreaterThan(20);
  });

  it.each(['killed (connection closed)', 'stopped gracefully'] as const)(
    'loses no request when one of two replicas is %s mid-load',
    async (how) => {
      const contract = echoContract(true);
      const a = await replica(contract, 'a');
      const b = await replica(contract, 'b');
      const client = new RpcClient(await conn(), {
        timeoutMs: 300,
        retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 },
      });
      const total = 400;
      const calls: Promise<EchoReply>[] = [];
      for (let i = 0; i < total; i++) {
        calls.push(client.call(contract, { text: String(i), delayMs: 5 }));
        if (i === total / 2) {
          if (how === 'stopped gracefully') void a.server.stop();
          else void a.nc.close();
        }
        if (i % 20 === 0) await sleep(5);
      }
      const replies = await Promise.all(calls);
      expect(new Set(replies.map((r) => r.text)).size).toBe(total);
      expect(b.seen.length).toBeGreaterThan(total / 2 - 1);
      expect(a.seen.length).toBeGreaterThan(0);
    },
  );

  it('graceful stop answers what it already received', async () => {
    const contract = echoContract(false);
    const a = await replica(contract, 'a');
    const client = new RpcClient(await conn(), { timeoutMs: 2000 });
    const calls = Array.from({ length: 20 }, (_, i) =>
      client.call(contract, { text: String(i), delayMs: 200 }),
    );
    await sleep(50);
    await a.server.stop();
    expect(a.seen).toHaveLength(20);
    await expect(Promise.all(calls)).resolves.toHaveLength(20);
  });
});

describe('multi-message replies', () => {
  it('collects every message up to the empty end marker, or fails with the error reply', async () => {
    const nc = await conn();
    const server = new RpcServer(nc, { queue: 'q' });
    servers.push(server);
    server.handle('mqtt.test.v1.stream', (msg) => {
      if (msg.string() === 'fail') return Promise.reject(new RpcError('UNAVAILABLE', 'store down'));
      return Promise.resolve([
        { body: 'one' },
        { body: 'two' },
        { body: '', headers: [['count', '2']] as const },
      ]);
    });
    await nc.flush();
    const client = new RpcClient(await conn());
    const msgs = await client.requestStream('mqtt.test.v1.stream', 'go', { idempotent: true });
    expect(msgs.map((m) => m.string())).toEqual(['one', 'two', '']);
    expect(msgs[2]?.headers?.get('count')).toBe('2');
    await expect(
      client.requestStream('mqtt.test.v1.stream', 'fail', { idempotent: true }),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'store down',
    });
  });

  it('a stream that never ends is a TIMEOUT', async () => {
    const nc = await conn();
    const server = new RpcServer(nc, { queue: 'q' });
    servers.push(server);
    server.handle('mqtt.test.v1.endless', () => Promise.resolve({ body: 'no end marker' }));
    await nc.flush();
    const client = new RpcClient(await conn(), {
      timeoutMs: 200,
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
    await expect(
      client.requestStream('mqtt.test.v1.endless', 'x', { idempotent: true }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });
});
