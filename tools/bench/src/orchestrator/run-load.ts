import { performance } from 'node:perf_hooks';
import type { RunningBroker } from '../brokers/broker';
import type { BenchOptions } from '../cli/options';
import type { SubscriberStats } from '../load/subscriber';
import {
  type ClientPlan,
  type LatencyScenario,
  planClients,
  type ThroughputScenario,
} from '../scenarios';
import { monotonicMicros, readCpuSeconds, readSystemBusySeconds } from '../sys/proc';
import type { DrainedReply, StoppedReply } from '../worker/messages';
import type { Cpu, Integrity, LatencyMetrics, ThroughputMetrics, Window } from './results';
import { WorkerHandle } from './worker-handle';
import { sleep } from '../sys/sleep';

/** Time for a QoS 1 publisher's last window to be acknowledged after it stops. */
const SETTLE_TIMEOUT_MS = 5000;
const SETUP_TIMEOUT_MS = 30_000;
const QOS0_DRAIN_TIMEOUT_MS = 5000;

/**
 * Runs one throughput or latency scenario against a running broker: the clients live in one
 * load worker process, or (throughput, `--workers 2`) publishers in one and subscribers in
 * another. Latency always uses one process, since send and receive times must share a clock.
 */
export async function runLoad(
  scenario: ThroughputScenario | LatencyScenario,
  broker: RunningBroker,
  options: BenchOptions,
  tag: string,
): Promise<ThroughputMetrics | LatencyMetrics> {
  const plan = planClients(scenario, tag);
  const parts: ClientPlan[] =
    scenario.kind === 'throughput' && options.workers === 2
      ? [
          { publishers: plan.publishers, subscribers: [] },
          { publishers: [], subscribers: plan.subscribers },
        ]
      : [plan];
  const workers = parts.map(() => WorkerHandle.fork());
  try {
    await Promise.all(
      workers.map((w, i) =>
        w.request(
          {
            cmd: 'setup',
            target: { host: broker.host, port: broker.port },
            subscriberTarget:
              broker.subscriberPort === undefined
                ? undefined
                : { host: broker.host, port: broker.subscriberPort },
            client: options.client,
            payloadSize: options.payloadSize,
            window: options.window,
            publishers: parts[i]!.publishers,
            subscribers: parts[i]!.subscribers,
          },
          'ready',
          SETUP_TIMEOUT_MS,
        ),
      ),
    );

    const runMs = options.warmupMs + options.durationMs;
    const cpuSample = sampleCpu(broker.pids ?? [broker.pid], options.warmupMs, runMs);
    const stopped = await Promise.all(
      workers.map((w) =>
        w.request(
          {
            cmd: 'start',
            warmupMs: options.warmupMs,
            durationMs: options.durationMs,
            settleTimeoutMs: SETTLE_TIMEOUT_MS,
          },
          'stopped',
          runMs + SETTLE_TIMEOUT_MS + 10_000,
        ),
      ),
    );
    const expected: number[] = [];
    for (const s of stopped) for (const p of s.publishers) expected[p.pubId] = p.sent;

    // At QoS 0 nothing obliges a broker to deliver a backlog; a shorter wait bounds the run.
    const drainTimeoutMs =
      scenario.qos === 0
        ? Math.min(options.drainTimeoutMs, QOS0_DRAIN_TIMEOUT_MS)
        : options.drainTimeoutMs;
    const drained = await Promise.all(
      workers
        .filter((_, i) => parts[i]!.subscribers.length > 0)
        .map((w) =>
          w.request(
            { cmd: 'drain', expected, quietMs: options.quietMs, timeoutMs: drainTimeoutMs },
            'drained',
            drainTimeoutMs + 10_000,
          ),
        ),
    );

    const integrity = countIntegrity(plan, expected, stopped, drained);
    const sampled = await cpuSample;
    const generator = generatorCpu(stopped);
    const cpu: Cpu = {
      broker: sampled.broker,
      generator,
      other: Math.max(0, sampled.system - sampled.broker - generator),
    };
    const sentRate = rate(stopped, (m) => m.sent);
    if (scenario.kind === 'latency') {
      const latency = drained.find((d) => d.latency)?.latency;
      if (!latency) throw new Error('no latency samples came back');
      return {
        kind: 'latency',
        window: sampled.window,
        targetRate: scenario.rate,
        sentRate,
        latency,
        integrity,
        cpu,
      };
    }
    return {
      kind: 'throughput',
      window: sampled.window,
      sentRate,
      receivedRate: rate(stopped, (m) => m.received),
      integrity,
      cpu,
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}

function countIntegrity(
  plan: ClientPlan,
  expected: readonly number[],
  stopped: readonly StoppedReply[],
  drained: readonly DrainedReply[],
): Integrity {
  const subs: SubscriberStats[] = drained.flatMap((d) => d.subscribers);
  const sum = (f: (s: SubscriberStats) => number): number => subs.reduce((n, s) => n + f(s), 0);
  let owed = 0;
  for (const s of plan.subscribers) for (const id of s.expectFrom) owed += expected[id] ?? 0;
  let unacked = 0;
  for (const s of stopped) for (const p of s.publishers) unacked += p.inflight;
  return {
    sent: expected.reduce((n, v) => n + v, 0),
    expected: owed,
    unique: sum((s) => s.unique),
    lost: sum((s) => s.lost),
    duplicates: sum((s) => s.duplicates),
    outOfOrder: sum((s) => s.outOfOrder),
    unacked,
    foreign: sum((s) => s.foreign),
    complete: drained.every((d) => d.complete),
    drainMs: Math.max(0, ...drained.map((d) => d.drainMs)),
  };
}

/** Per second over each worker's own measurement window, summed over workers. */
function rate(
  stopped: readonly StoppedReply[],
  count: (m: StoppedReply['from']) => number,
): number {
  return stopped.reduce(
    (r, s) => r + ((count(s.to) - count(s.from)) * 1000) / (s.to.time - s.from.time),
    0,
  );
}

function generatorCpu(stopped: readonly StoppedReply[]): number {
  return stopped.reduce(
    (r, s) => r + ((s.to.cpuMicros - s.from.cpuMicros) / 1000 / (s.to.time - s.from.time)) * 100,
    0,
  );
}

/**
 * Broker and whole-machine CPU (% of one core) between two instants after now, from
 * /proc/<pid>/stat and /proc/stat.
 */
async function sampleCpu(
  pids: readonly number[],
  fromMs: number,
  toMs: number,
): Promise<{ broker: number; system: number; window: Window }> {
  await sleep(fromMs);
  const fromUs = monotonicMicros();
  const t0 = performance.now();
  const b0 = cpuOf(pids);
  const s0 = readSystemBusySeconds();
  await sleep(toMs - fromMs);
  const b1 = cpuOf(pids);
  const s1 = readSystemBusySeconds();
  const toUs = monotonicMicros();
  const elapsed = (performance.now() - t0) / 1000;
  const pct = (a: number | undefined, b: number | undefined): number =>
    a === undefined || b === undefined ? Number.NaN : ((b - a) / elapsed) * 100;
  return { broker: pct(b0, b1), system: pct(s0, s1), window: { fromUs, toUs } };
}

/** CPU seconds of several processes together; undefined if any cannot be read. */
function cpuOf(pids: readonly number[]): number | undefined {
  let total = 0;
  for (const pid of pids) {
    const s = readCpuSeconds(pid);
    if (s === undefined) return undefined;
    total += s;
  }
  return total;
}
