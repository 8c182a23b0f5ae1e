import { NatsRetainStore, RpcClient } from '@mithqtt/nats';
import {
  expectLiveAndReady,
  httpReadyPort,
  probe,
  probeUntil,
  startNats,
  startRedis,
} from '@mithqtt/testing';
import { type NatsConnection, connect } from '@nats-io/transport-node';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MAIN = join(ROOT, 'dist/apps/retain/main.js');

let nats: Awaited<ReturnType<typeof startNats>>;
let redis: Awaited<ReturnType<typeof startRedis>>;
let nc: NatsConnection;
const children: ChildProcess[] = [];

interface Replica {
  readonly child: ChildProcess;
  /** Its /health, /ready and /metrics (HTTP_PORT=0: read from its log). */
  readonly httpPort: number;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts one replica of the BUILT app, resolved once it serves NATS and HTTP. */
function startReplica(env: Record<string, string> = {}): Promise<Replica> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NATS_URL: nats.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'proc',
      RETAIN_QUEUE_GROUP: 'retain-proc',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica not ready:\n${out}`)), 15_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      // Logged after 'retain service ready': the port opens once the app serves on NATS.
      const httpPort = httpReadyPort(out);
      if (httpPort !== undefined) {
        clearTimeout(timer);
        resolve({ child, httpPort, output: () => out, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited with ${code}:\n${out}`));
    });
  });
}

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['tools/build/build-app.mjs', 'retain'], {
    cwd: ROOT,
  });
  [nats, redis] = await Promise.all([startNats(), startRedis()]);
  nc = await connect({ servers: nats.url });
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await nc?.close();
  await Promise.all([nats?.stop(), redis?.stop()]);
});

describe('retain app process (two replicas of dist/apps/retain/main.js)', () => {
  it('loses no retained message when one replica is killed (-9) mid-run', async () => {
    const [a, b] = await Promise.all([startReplica(), startReplica()]);
    const store = new NatsRetainStore(
      new RpcClient(nc, {
        timeoutMs: 500,
        retry: { attempts: 5, baseDelayMs: 20, maxDelayMs: 200 },
      }),
    );
    const total = 600;
    const workers = 12;
    let done = 0;
    let killedAt = -1;
    const payloadOf = (i: number) => Buffer.from(`payload-${i}-\u0000\u00ff`, 'latin1');
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        for (let i = w; i < total; i += workers) {
          await store.set({
            topic: `load/${i % 10}/${i}`,
            payload: payloadOf(i),
            qos: 1,
            retain: true,
          });
          // Reads in the mix too: each one must see its own write, whichever replica answers.
          expect((await store.get(`load/${i % 10}/${i}`))?.payload).toEqual(payloadOf(i));
          done++;
          if (done === total / 3 && killedAt < 0) {
            killedAt = done;
            a.child.kill('SIGKILL');
          }
        }
      }),
    );
    expect(killedAt).toBe(total / 3);
    expect(await a.exited).toBeNull(); // killed by the signal, not exited on its own
    expect(await store.count()).toBe(total);
    const all = await store.match('load/#');
    expect(all).toHaveLength(total);
    for (const m of all) {
      const i = Number(m.topic.split('/')[2]);
      expect(m.payload).toEqual(payloadOf(i));
    }
    expect(await store.match('load/3/+')).toHaveLength(total / 10);
    expect(await store.delete('load/0/0')).toBe(true);
    expect(await store.get('load/0/0')).toBeUndefined();

    // SIGTERM: a graceful stop (exit 0); with no replica left, callers get UNAVAILABLE at once.
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    expect(b.output()).toContain('retain service stopped');
    const started = Date.now();
    await expect(
      new NatsRetainStore(
        new RpcClient(nc, { retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } }),
      ).count(),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('answers /health, /ready and /metrics; /ready is 503 naming redis once Redis is gone', async () => {
    const ownRedis = await startRedis(); // stopped below: the other tests keep theirs
    try {
      const r = await startReplica({ REDIS_URL: ownRedis.url });
      await expectLiveAndReady(r.httpPort);
      // One request answered (the other replicas are gone), counted by subject and outcome.
      await new NatsRetainStore(new RpcClient(nc)).count();
      const metrics = await probe(r.httpPort, '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.body).toContain('process_cpu_user_seconds_total');
      expect(metrics.body).toContain(
        'mithqtt_rpc_requests_total{subject="mqtt.retain.v1.count",outcome="OK"} 1',
      );

      await ownRedis.stop();
      const down = await probeUntil(r.httpPort, '/ready', 503);
      expect(JSON.parse(down.body)).toMatchObject({
        status: 'error',
        error: { redis: { status: 'down' } },
        details: { nats: { status: 'up' } },
      });
      expect(await probe(r.httpPort, '/health')).toMatchObject({ status: 200 }); // still alive
      // Graceful stop with Redis unreachable: still exit 0.
      r.child.kill('SIGTERM');
      expect(await r.exited).toBe(0);
    } finally {
      await ownRedis.stop();
    }
  });

  it('a bad setting stops start-up with exit 78, naming it', async () => {
    const error = await startReplica({ NATS_URL: 'localhost:4222' }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/exited with 78/);
    expect(String(error)).toMatch(/NATS_URL: NATS_URL must be nats:\/\/host:port/);
    const badPort = await startReplica({ HTTP_PORT: '70000' }).catch((e: unknown) => e);
    expect(String(badPort)).toMatch(/exited with 78/);
    expect(String(badPort)).toMatch(/HTTP_PORT: HTTP_PORT must not be greater than 65535/);
  });
});
