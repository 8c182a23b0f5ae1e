import { performance } from 'node:perf_hooks';
import type { RunningBroker } from '../brokers/broker';
import type { BenchOptions } from '../cli/options';
import type { IdleScenario } from '../scenarios';
import { diffHeap } from '../report/heap-snapshot';
import { ephemeralPortCount, monotonicMicros, openFileLimits, readRss } from '../sys/proc';
import type { IdleMetrics } from './results';
import { WorkerHandle } from './worker-handle';
import { sleep } from '../sys/sleep';

/** File descriptors a process keeps for itself besides its connections. */
const FD_RESERVE = 256;
/** Handshakes (CONNECT + SUBSCRIBE) in flight per worker. */
const CONCURRENCY = 256;
/** Use at most this share of one source address's ephemeral ports. */
const PORT_SHARE = 0.8;

/**
 * Idle connections: the broker's RSS before and after N clients connect and subscribe once
 * each, and how fast they got in. The broker holds one descriptor per connection and inherits
 * this process's RLIMIT_NOFILE, so N is capped below it (and the cap is reported).
 */
export async function runIdle(
  scenario: IdleScenario,
  broker: RunningBroker,
  options: BenchOptions,
  tag: string,
): Promise<IdleMetrics> {
  const limit = openFileLimits().soft;
  const perProcess = Math.max(1, limit - FD_RESERVE);
  const attempted = Math.min(scenario.connections, perProcess);
  const note =
    attempted < scenario.connections
      ? `capped at ${attempted} connections: RLIMIT_NOFILE is ${limit} for the broker process`
      : undefined;
  const addressCount = Math.ceil(attempted / Math.floor(ephemeralPortCount() * PORT_SHARE));
  const localAddresses =
    addressCount > 1 ? Array.from({ length: addressCount }, (_, i) => `127.0.0.${i + 1}`) : [];
  const workerCount = Math.ceil(attempted / perProcess);
  const workers = Array.from({ length: workerCount }, () => WorkerHandle.fork());
  try {
    // Snapshots cost the broker memory of their own: the RSS baseline is read after the first.
    const snapshotBefore = await broker.heapSnapshot?.();
    await sleep(options.settleMs);
    const rssBefore = readRss(broker.pid) ?? Number.NaN;
    const started = performance.now();
    const fromUs = monotonicMicros();
    const per = Math.ceil(attempted / workerCount);
    const replies = await Promise.all(
      workers.map((w, i) => {
        const firstIndex = i * per;
        return w.request(
          {
            cmd: 'idle',
            target: { host: broker.host, port: broker.port },
            client: options.client,
            count: Math.max(0, Math.min(per, attempted - firstIndex)),
            prefix: tag,
            firstIndex,
            localAddresses,
            concurrency: CONCURRENCY,
          },
          'idle',
          120_000,
        );
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const window = { fromUs, toUs: monotonicMicros() };
    await sleep(options.settleMs);
    const rssAfter = readRss(broker.pid) ?? Number.NaN;
    const connected = replies.reduce((n, r) => n + r.connected, 0);
    const snapshotAfter = snapshotBefore !== undefined ? await broker.heapSnapshot?.() : undefined;
    const heap =
      snapshotBefore !== undefined && snapshotAfter !== undefined
        ? diffHeap(snapshotBefore, snapshotAfter, connected)
        : undefined;
    const failed = replies.reduce((n, r) => n + r.failed, 0);
    const firstError = replies.find((r) => r.firstError !== undefined)?.firstError;
    return {
      kind: 'idle',
      window,
      requested: scenario.connections,
      attempted,
      connected,
      failed,
      ...(firstError !== undefined ? { firstError } : {}),
      connectRate: connected / elapsed,
      rssBefore,
      rssAfter,
      bytesPerConnection: connected > 0 ? (rssAfter - rssBefore) / connected : Number.NaN,
      ...(heap !== undefined ? { heap } : {}),
      ...(note !== undefined ? { note } : {}),
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}
