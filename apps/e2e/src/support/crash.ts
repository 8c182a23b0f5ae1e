import { startNats, startRedis } from '@mithqtt/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll } from 'vitest';
import { type App, buildApp, startApp } from './app-process';

/** Helpers of the gateway-crash specs (15, 18): clients that count what they receive. */

/**
 * nats-server and redis-server for the file (started before its tests, stopped after), gateway
 * processes (`node dist/apps/embedded/main.js`) joined to them with `env`, and subscribers;
 * everything started is stopped at the end.
 */
export function useCrashCluster(env: Record<string, string> = {}) {
  let nats: Awaited<ReturnType<typeof startNats>> | undefined;
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  const apps: App[] = [];
  const clients: MqttClient[] = [];
  beforeAll(async () => {
    await buildApp();
    nats = await startNats();
    redis = await startRedis();
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.end(true);
    for (const app of apps) await app.child.stop();
    await nats?.stop();
    await redis?.stop();
  });
  return {
    clients,
    async node(id: string): Promise<App> {
      if (!nats || !redis) throw new Error('servers not started: use it inside a test');
      const app = await startApp({
        NODE_ID: `${id}-${process.pid}`,
        CLUSTER_NATS_URL: nats.url,
        REDIS_URL: redis.url,
        ...env,
      });
      apps.push(app);
      return app;
    },
    subscriber: (port: number, clientId: string, received: number[], dups?: boolean[]) =>
      subscriber(clients, port, clientId, received, dups),
  };
}

/** A persistent-session client (QoS 1) recording the sequence numbers it receives. */
export async function subscriber(
  clients: MqttClient[],
  port: number,
  clientId: string,
  received: number[],
  dups: boolean[] = [],
): Promise<{ client: MqttClient; sessionPresent: boolean }> {
  const client = mqtt.connect({
    host: '127.0.0.1',
    port,
    clientId,
    clean: false,
    reconnectPeriod: 0,
  });
  clients.push(client);
  client.on('message', (_topic, payload, packet) => {
    received.push(Number(payload.toString()));
    dups.push(packet.dup);
  });
  client.on('error', () => undefined);
  const connack = await new Promise<{ sessionPresent: boolean }>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  return { client, sessionPresent: connack.sessionPresent };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(20);
}

/** Loss and duplicates of the acknowledged sequence numbers in `from..to` (inclusive). */
export function count(received: readonly number[], from: number, to: number) {
  const seen = new Map<number, number>();
  for (const n of received) seen.set(n, (seen.get(n) ?? 0) + 1);
  let lost = 0;
  let duplicates = 0;
  for (let n = from; n <= to; n++) {
    const times = seen.get(n) ?? 0;
    if (times === 0) lost++;
    if (times > 1) duplicates += times - 1;
  }
  return { lost, duplicates };
}

/** The sequence numbers in `from..to` never received, as ranges ("5-9", "12"): diagnostics. */
export function missing(received: readonly number[], from: number, to: number): string[] {
  const seen = new Set(received);
  const ranges: string[] = [];
  let start = -1;
  for (let n = from; n <= to + 1; n++) {
    const gone = n <= to && !seen.has(n);
    if (gone && start < 0) start = n;
    if (!gone && start >= 0) {
      ranges.push(start === n - 1 ? String(start) : `${start}-${n - 1}`);
      start = -1;
    }
  }
  return ranges;
}

/**
 * Copies beyond the first of each sequence number in `from..to` that arrived with DUP=0:
 * a duplicate QoS 1 allows only as a re-send of an unacknowledged message (DUP=1).
 */
export function unflaggedDuplicates(
  received: readonly number[],
  dups: readonly boolean[],
  from: number,
  to: number,
): number {
  const fresh = new Map<number, number>();
  received.forEach((n, i) => {
    if (n >= from && n <= to && dups[i] !== true) fresh.set(n, (fresh.get(n) ?? 0) + 1);
  });
  let extra = 0;
  for (const times of fresh.values()) extra += times - 1;
  return extra;
}
