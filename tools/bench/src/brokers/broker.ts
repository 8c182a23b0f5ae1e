import { heapSnapshotArgs, takeHeapSnapshot } from './heap-snapshot';

export type BrokerName =
  | 'mithqtt'
  | 'aedes'
  | 'mosquitto'
  | 'mithqtt-cluster'
  | 'mithqtt-cluster-1gw'
  | 'mithqtt-cluster-strict'
  | 'node-net';

/** The brokers a run compares by default. */
export const BROKER_NAMES: readonly BrokerName[] = ['mithqtt', 'aedes', 'mosquitto'];
/**
 * Also selectable with `--brokers`: the distributed deployment (two gateways over NATS and
 * Redis) with publishers on gateway A and subscribers on gateway B, or both on gateway A.
 */
export const ALL_BROKER_NAMES: readonly BrokerName[] = [
  ...BROKER_NAMES,
  'mithqtt-cluster',
  'mithqtt-cluster-1gw',
  'mithqtt-cluster-strict',
  'node-net',
];

/** Limits set to the same values on every broker that has them. */
export interface BrokerSettings {
  /** Outgoing QoS 1/2 messages in flight per client (mithqtt's default is 32). */
  readonly maxInflight: number;
  /** Messages queued per session beyond the in-flight window. */
  readonly maxQueued: number;
  /** Write a V8 CPU profile of node brokers into this directory. */
  readonly cpuProfDir: string | undefined;
  /** Node brokers write heap snapshots here when asked (`RunningBroker.heapSnapshot`). */
  readonly heapSnapshotDir: string | undefined;
}

export interface RunningBroker {
  readonly host: string;
  /** Where publishers (and, without `subscriberPort`, subscribers) connect. */
  readonly port: number;
  /** Where subscribers connect, when not `port` (the cross-gateway deployment). */
  readonly subscriberPort?: number;
  /** The process whose memory is measured (idle scenarios). */
  readonly pid: number;
  /** Every process whose CPU counts as the broker's (default: `pid`). */
  readonly pids?: readonly number[];
  /** Terminates the broker (SIGTERM, then SIGKILL) and waits for the exit. */
  stop(): Promise<void>;
  output(): string;
  /** How the process ended (`code 1`, `signal SIGKILL`), or undefined while it runs. */
  exited(): string | undefined;
  /**
   * Writes a heap snapshot of `pid` and resolves with its path; present only for node brokers
   * started with a heap snapshot directory.
   */
  heapSnapshot?(): Promise<string>;
}

export interface BrokerLauncher {
  readonly name: BrokerName;
  /** Serves idle scenarios only (the bare `node-net` server routes nothing). */
  readonly idleOnly?: boolean;
  /** Why this broker cannot run here, or undefined when it can. */
  unavailable(): string | undefined;
  version(): string;
  /** `label` names profile files (e.g. the scenario). */
  start(settings: BrokerSettings, label: string): Promise<RunningBroker>;
}

export const BROKER_HOST = '127.0.0.1';
export const START_TIMEOUT_MS = 20_000;
export const STOP_GRACE_MS = 5_000;

/** Node flags for the diagnostics the settings ask for (CPU profile, heap snapshots). */
export function cpuProfArgs(settings: BrokerSettings, name: string, label: string): string[] {
  const profile =
    settings.cpuProfDir === undefined
      ? []
      : [
          '--cpu-prof',
          `--cpu-prof-dir=${settings.cpuProfDir}`,
          `--cpu-prof-name=${name}-${label}.cpuprofile`,
        ];
  return [...profile, ...heapSnapshotArgs(settings.heapSnapshotDir)];
}

/** `RunningBroker.heapSnapshot` for a node process started with `cpuProfArgs(settings, ...)`. */
export function heapSnapshotter(
  settings: BrokerSettings,
  pid: number,
): Pick<RunningBroker, 'heapSnapshot'> {
  const dir = settings.heapSnapshotDir;
  return dir === undefined ? {} : { heapSnapshot: () => takeHeapSnapshot(pid, dir) };
}
