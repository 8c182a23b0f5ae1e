import type { NatsConnection } from '@nats-io/transport-node';
import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Matches, Min, validateSync } from 'class-validator';

/**
 * Every node announces itself here periodically (JSON, see NodeHeartbeat); the admin API's
 * cluster view and any backend service can listen. A node leaving cleanly sends a last one
 * with `leaving: true`.
 */
export const NODE_HEARTBEAT_SUBJECT = 'mqtt.events.v1.node-heartbeat';

/** The heartbeat body (validated on receipt: it comes from the network). */
export class NodeHeartbeat {
  @Matches(/^[A-Za-z0-9_-]+$/) nodeId!: string;
  @IsInt() @Min(0) connections!: number;
  @IsInt() @Min(0) sessions!: number;
  @IsInt() @Min(0) subscriptions!: number;
  /** When the node started (ms since epoch). */
  @IsInt() @Min(0) startedAt!: number;
  /** The sender's heartbeat interval: receivers expire it after 3 silent intervals. */
  @IsInt() @Min(1) intervalMs!: number;
  @IsOptional() @IsBoolean() leaving?: boolean;
}

export interface NodeCounts {
  readonly connections: number;
  readonly sessions: number;
  readonly subscriptions: number;
}

export interface NodeHeartbeatOptions {
  readonly nodeId: string;
  readonly startedAt: number;
  readonly intervalMs: number;
  readonly counts: () => NodeCounts;
}

/** Publishes this node's heartbeat every `intervalMs` (first one at once). */
export class NodeHeartbeatSender {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: NodeHeartbeatOptions,
  ) {}

  start(): void {
    this.send(false);
    this.timer = setInterval(() => this.send(false), this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops, telling the others this node is leaving (so they drop it now, not in 3 intervals). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.send(true);
  }

  private send(leaving: boolean): void {
    if (this.nc.isClosed() || this.nc.isDraining()) return;
    const body: NodeHeartbeat = {
      nodeId: this.options.nodeId,
      ...this.options.counts(),
      startedAt: this.options.startedAt,
      intervalMs: this.options.intervalMs,
      ...(leaving ? { leaving: true } : {}),
    };
    this.nc.publish(NODE_HEARTBEAT_SUBJECT, JSON.stringify(body));
  }
}

/** A node as last heard of. */
export interface KnownNode extends NodeHeartbeat {
  /** When its last heartbeat arrived (ms since epoch, receiver's clock). */
  readonly lastSeen: number;
}

/** Silent intervals after which a node is considered gone. */
export const MISSED_HEARTBEATS = 3;

/**
 * The other nodes, from their heartbeats. A node silent for MISSED_HEARTBEATS of its own
 * intervals is dropped (crashed, partitioned); one that says it is leaving is dropped at once.
 * (With `noEcho` this node does not hear its own heartbeats: it reports itself separately.)
 */
export class NodeRegistry {
  private readonly nodes = new Map<string, KnownNode>();
  private subscription: { unsubscribe(): void } | undefined;
  private readonly now: () => number;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: {
      readonly onError?: (context: string, error: unknown) => void;
      readonly now?: () => number;
    } = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.subscription = this.nc.subscribe(NODE_HEARTBEAT_SUBJECT, {
      callback: (err, msg) => {
        if (err) return this.options.onError?.('nats.node-heartbeat', err);
        this.receive(msg.string());
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** Handles one heartbeat body; an invalid one is reported and ignored. */
  receive(text: string): void {
    let heartbeat: NodeHeartbeat;
    try {
      heartbeat = plainToInstance(NodeHeartbeat, JSON.parse(text) as object);
    } catch (e: unknown) {
      return this.options.onError?.('nats.node-heartbeat', e);
    }
    const errors = validateSync(heartbeat);
    const first = errors[0];
    if (first) {
      const problem = Object.values(first.constraints ?? {}).join('; ');
      return this.options.onError?.(
        'nats.node-heartbeat',
        new Error(`invalid heartbeat: ${first.property}: ${problem}`),
      );
    }
    if (heartbeat.leaving) this.nodes.delete(heartbeat.nodeId);
    else this.nodes.set(heartbeat.nodeId, { ...heartbeat, lastSeen: this.now() });
  }

  /** The nodes heard of recently, expired ones removed. */
  alive(): KnownNode[] {
    const now = this.now();
    for (const [id, node] of this.nodes) {
      if (now - node.lastSeen > MISSED_HEARTBEATS * node.intervalMs) this.nodes.delete(id);
    }
    return [...this.nodes.values()];
  }
}
