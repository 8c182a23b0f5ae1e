import { parseArgs } from 'node:util';
import { ALL_BROKER_NAMES, BROKER_NAMES, type BrokerName } from '../brokers/broker';
import type { DecoderKind } from '../client/frame-reader';

export interface BenchOptions {
  readonly durationMs: number;
  readonly warmupMs: number;
  /** Scenario names to run; undefined = all. */
  readonly scenarios: readonly string[] | undefined;
  readonly brokers: readonly BrokerName[];
  readonly workers: 1 | 2;
  readonly window: number;
  readonly payloadSize: number;
  readonly client: DecoderKind;
  readonly idleConnections: readonly number[];
  readonly maxInflight: number;
  readonly maxQueued: number;
  readonly cpuProfDir: string | undefined;
  /** Idle scenarios: heap snapshots of node brokers before and after connecting, diffed. */
  readonly heapSnapshotDir: string | undefined;
  /** Print the per-connection growth between two existing heap snapshots and exit. */
  readonly heapDiff: { before: string; after: string; connections: number } | undefined;
  readonly json: string | undefined;
  /** Print the top functions of these .cpuprofile files and exit (no benchmark). */
  readonly summarize: readonly string[] | undefined;
  readonly quick: boolean;
  /** Run every step this many times; tables show the median. */
  readonly repeat: number;
  /** Start each broker fresh for every scenario, or once for all its scenarios. */
  readonly fresh: 'scenario' | 'broker';
  /** After the publishers stop, how long without a delivery ends the drain. */
  readonly quietMs: number;
  readonly drainTimeoutMs: number;
  /** Pause before reading the broker's RSS after the idle connections are up. */
  readonly settleMs: number;
}

export const USAGE = `Usage: npm run bench -- [options]   (or: node dist/tools/bench/main.js [options])

  --duration <s>       measured seconds per throughput/latency scenario (default 5; quick 1)
  --warmup <s>         seconds of load before measuring (default 1; quick 0.3)
  --scenarios <list>   comma-separated names (default: all): fanin-q0 fanin-q1 fanout-q0
                       fanout-q1 pairs-q1 pairs-q2 latency-1k latency-10k idle-<n> ...
  --brokers <list>     mithqtt,aedes,mosquitto (default: all that are available); also
                       mithqtt-cluster (two gateways over NATS + Redis, publishers on A,
                       subscribers on B), mithqtt-cluster-1gw (same, all on gateway A),
                       mithqtt-cluster-strict (as mithqtt-cluster, DURABILITY=strict) and
                       node-net (a bare Node net server answering CONNACK/SUBACK: what Node
                       itself costs per socket; idle scenarios only)
  --workers <1|2>      load worker processes for throughput scenarios: 1 = all clients in one,
                       2 = publishers and subscribers in separate processes (default 1)
  --window <n>         QoS 1/2 PUBLISHes in flight per publisher (default 32)
  --payload <bytes>    payload size, at least 14 (default 64)
  --client <kind>      fast = hand-written PUBLISH/PUBACK path; codec = every packet through
                       @mithqtt/codec (default fast)
  --idle-conns <list>  idle connection counts (default 10000,50000; quick 1000)
  --max-inflight <n>   broker outgoing in-flight window per client (default 32)
  --max-queued <n>     broker queue per session, mithqtt and mosquitto (default 1000000)
  --repeat <n>         run every step n times, interleaved, and report the median (default 1)
  --fresh <when>       scenario = a new broker process per scenario (default); broker = one
                       per broker for all scenarios (quick default: startup dominates short runs)
  --cpu-prof <dir>     write a V8 CPU profile of the node brokers for every scenario
  --heap-snapshot <dir> idle scenarios: heap snapshots of the node brokers before and after the
                       connections open (in <dir>), then the growth per connection by
                       constructor; the RSS figures of such a run include the snapshots' cost
  --heap-diff <before>,<after>,<connections>
                       only print the growth per connection between two .heapsnapshot files
  --json <file>        write the raw results as JSON
  --summarize <files>  only print the top functions of .cpuprofile files (comma-separated)
  --quick              short smoke run (CI): 1 s scenarios, 1000 idle connections
  -h, --help           this text
`;

export class UsageError extends Error {}

export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      scenarios: { type: 'string' },
      brokers: { type: 'string' },
      workers: { type: 'string' },
      window: { type: 'string' },
      payload: { type: 'string' },
      client: { type: 'string' },
      'idle-conns': { type: 'string' },
      'max-inflight': { type: 'string' },
      'max-queued': { type: 'string' },
      fresh: { type: 'string' },
      repeat: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'heap-snapshot': { type: 'string' },
      'heap-diff': { type: 'string' },
      json: { type: 'string' },
      summarize: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick;
  const workers = int('workers', values.workers, 1, 1, 2);
  const client = values.client ?? 'fast';
  if (client !== 'fast' && client !== 'codec')
    throw new UsageError(`--client must be fast or codec`);
  const fresh = values.fresh ?? (quick ? 'broker' : 'scenario');
  if (fresh !== 'scenario' && fresh !== 'broker')
    throw new UsageError(`--fresh must be scenario or broker`);
  const brokers = list(values.brokers)?.map((b) => {
    if (!(ALL_BROKER_NAMES as readonly string[]).includes(b)) {
      throw new UsageError(`unknown broker '${b}' (known: ${ALL_BROKER_NAMES.join(', ')})`);
    }
    return b as BrokerName;
  });
  return {
    durationMs: seconds('duration', values.duration, quick ? 1 : 5),
    warmupMs: seconds('warmup', values.warmup, quick ? 0.3 : 1),
    scenarios: list(values.scenarios),
    brokers: brokers ?? BROKER_NAMES,
    workers: workers === 2 ? 2 : 1,
    window: int('window', values.window, 32, 1, 65_535),
    payloadSize: int('payload', values.payload, 64, 14, 1_000_000),
    client,
    idleConnections: (list(values['idle-conns']) ?? (quick ? ['1000'] : ['10000', '50000'])).map(
      (v) => int('idle-conns', v, 0, 1, 1_000_000),
    ),
    maxInflight: int('max-inflight', values['max-inflight'], 32, 1, 65_535),
    maxQueued: int('max-queued', values['max-queued'], 1_000_000, 1, 10_000_000),
    cpuProfDir: values['cpu-prof'],
    heapSnapshotDir: values['heap-snapshot'],
    heapDiff: heapDiff(values['heap-diff']),
    json: values.json,
    summarize: list(values.summarize),
    quick,
    repeat: int('repeat', values.repeat, 1, 1, 100),
    fresh,
    quietMs: quick ? 300 : 1000,
    drainTimeoutMs: quick ? 2000 : 20_000,
    settleMs: quick ? 500 : 2000,
  };
}

function heapDiff(value: string | undefined): BenchOptions['heapDiff'] {
  if (value === undefined) return undefined;
  const [before, after, connections, ...rest] = value.split(',');
  if (before === undefined || after === undefined || connections === undefined || rest.length > 0)
    throw new UsageError('--heap-diff must be <before.heapsnapshot>,<after.heapsnapshot>,<n>');
  return { before, after, connections: int('heap-diff connections', connections, 0, 1, 1e7) };
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return items.length > 0 ? items : undefined;
}

function seconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback * 1000;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600)
    throw new UsageError(`--${name} must be seconds in (0, 3600]`);
  return Math.round(n * 1000);
}

function int(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer in [${min}, ${max}]`);
  }
  return n;
}
