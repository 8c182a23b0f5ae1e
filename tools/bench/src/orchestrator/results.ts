import type { HeapDiff } from '../report/heap-snapshot';
import type { BrokerName } from '../brokers/broker';
import type { LatencySummary } from '../load/latency-recorder';

/** Messages counted over the whole run (warm-up and drain included), summed over subscribers. */
export interface Integrity {
  /** Messages the publishers wrote. */
  readonly sent: number;
  /** Deliveries owed: for each subscriber, the sent count of each publisher it matches. */
  readonly expected: number;
  /** Distinct (publisher, sequence) pairs received. */
  readonly unique: number;
  /** expected - unique. */
  readonly lost: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
  /** QoS 1 PUBLISHes still unacknowledged when the publishers stopped. */
  readonly unacked: number;
  /** Deliveries whose payload no publisher of this run wrote. */
  readonly foreign: number;
  /** Whether every owed delivery arrived before the drain ended. */
  readonly complete: boolean;
  /** Time from the publishers' stop until the subscribers were complete or quiet. */
  readonly drainMs: number;
}

export interface Cpu {
  /** Broker CPU over the measurement window, % of one core. */
  readonly broker: number;
  /** Load generator CPU (all workers) over the window, % of one core. */
  readonly generator: number;
  /**
   * Every other process on the machine over the window, % of one core (the whole machine is
   * 100% x cores). Non-zero means something else competed for the CPU during the run.
   */
  readonly other: number;
}

/** The measurement window on CLOCK_MONOTONIC in microseconds (the clock of V8 CPU profiles). */
export interface Window {
  readonly fromUs: number;
  readonly toUs: number;
}

export interface ThroughputMetrics {
  readonly kind: 'throughput';
  readonly window: Window;
  readonly sentRate: number;
  readonly receivedRate: number;
  readonly integrity: Integrity;
  readonly cpu: Cpu;
}

export interface LatencyMetrics {
  readonly kind: 'latency';
  readonly window: Window;
  readonly targetRate: number;
  readonly sentRate: number;
  readonly latency: LatencySummary;
  readonly integrity: Integrity;
  readonly cpu: Cpu;
}

export interface IdleMetrics {
  readonly kind: 'idle';
  /** The connect phase. */
  readonly window: Window;
  readonly requested: number;
  /** Connections attempted (the request, or less when capped by the open-file limit). */
  readonly attempted: number;
  readonly connected: number;
  readonly failed: number;
  readonly firstError?: string;
  /** Connections (CONNECT + SUBSCRIBE completed) per second. */
  readonly connectRate: number;
  readonly rssBefore: number;
  readonly rssAfter: number;
  readonly bytesPerConnection: number;
  /** With `--heap-snapshot`: the broker's heap growth per connection, by constructor. */
  readonly heap?: HeapDiff;
  readonly note?: string;
}

export type Metrics = ThroughputMetrics | LatencyMetrics | IdleMetrics;

export interface StepResult {
  readonly scenario: string;
  readonly broker: BrokerName;
  /** 1-based repetition (`--repeat`). */
  readonly round: number;
  /** The broker's CPU profile is `<broker>-<profileLabel>.cpuprofile` (with `--cpu-prof`). */
  readonly profileLabel: string;
  readonly metrics?: Metrics;
  readonly error?: string;
  /** Something that happened around this step, e.g. a shared broker died and was restarted. */
  readonly remark?: string;
}
