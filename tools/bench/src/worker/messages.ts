import type { DecoderKind } from '../client/frame-reader';
import type { LatencySummary } from '../load/latency-recorder';
import type { PublisherStats } from '../load/publisher';
import type { SubscriberStats } from '../load/subscriber';
import type { PublisherPlan, SubscriberPlan } from '../scenarios';

/** The orchestrator talks to each load worker process with these IPC messages, in this order. */

export interface Target {
  readonly host: string;
  readonly port: number;
}

export interface SetupCommand {
  readonly cmd: 'setup';
  readonly target: Target;
  /** Where subscribers connect when not `target` (cross-gateway runs). */
  readonly subscriberTarget?: Target;
  readonly client: DecoderKind;
  readonly payloadSize: number;
  readonly window: number;
  readonly publishers: readonly PublisherPlan[];
  readonly subscribers: readonly SubscriberPlan[];
}

/** Start publishing now; snapshot at `warmupMs` and `warmupMs + durationMs`, then stop. */
export interface StartCommand {
  readonly cmd: 'start';
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly settleTimeoutMs: number;
}

/** Wait until subscribers hold `expected[pubId]` messages per publisher, or quiet, or timeout. */
export interface DrainCommand {
  readonly cmd: 'drain';
  readonly expected: readonly number[];
  readonly quietMs: number;
  readonly timeoutMs: number;
}

export interface IdleCommand {
  readonly cmd: 'idle';
  readonly target: Target;
  readonly client: DecoderKind;
  readonly count: number;
  /** Client ids are `${prefix}${firstIndex + i}`. */
  readonly prefix: string;
  readonly firstIndex: number;
  readonly localAddresses: readonly string[];
  readonly concurrency: number;
}

export interface TeardownCommand {
  readonly cmd: 'teardown';
}

export type WorkerCommand =
  SetupCommand | StartCommand | DrainCommand | IdleCommand | TeardownCommand;

/** Counters at one instant of the worker's clock. */
export interface Mark {
  readonly time: number;
  readonly sent: number;
  readonly received: number;
  /** process.cpuUsage() user + system, microseconds. */
  readonly cpuMicros: number;
}

export interface ReadyReply {
  readonly reply: 'ready';
}

export interface StoppedReply {
  readonly reply: 'stopped';
  readonly from: Mark;
  readonly to: Mark;
  readonly publishers: readonly (PublisherStats & { readonly pubId: number })[];
}

export interface DrainedReply {
  readonly reply: 'drained';
  readonly subscribers: readonly SubscriberStats[];
  readonly complete: boolean;
  readonly latency?: LatencySummary;
  readonly drainMs: number;
}

export interface IdleReply {
  readonly reply: 'idle';
  readonly connected: number;
  readonly failed: number;
  readonly firstError?: string;
}

export interface ErrorReply {
  readonly reply: 'error';
  readonly message: string;
}

export type WorkerReply = ReadyReply | StoppedReply | DrainedReply | IdleReply | ErrorReply;
