import type { QoS } from '@mithqtt/codec';
import { CompactMap } from './compact-map';
import { Deque, type ReadonlyDeque } from './deque';
import type { CloseReason } from './host';
import type { Message, QueuedMessage } from './message';

/** Options a session holds for one topic filter (v5 fields default for 3.1.1 clients). */
export interface SubscriptionOptions {
  qos: QoS;
  noLocal: boolean;
  retainAsPublished: boolean;
  retainHandling: 0 | 1 | 2;
}

/** An outgoing QoS 1/2 message that the client has not completed yet. */
export interface InflightEntry {
  readonly packetId: number;
  readonly message: Message;
  readonly qos: QoS;
  readonly retain: boolean;
  /** 'publish': PUBLISH sent, waiting for PUBACK/PUBREC; 'pubrel': PUBREL sent, waiting for PUBCOMP. */
  phase: 'publish' | 'pubrel';
}

/** The live connection a session is attached to (a Channel); undefined while offline. */
export interface SessionOwner {
  /**
   * False between the broker accepting the CONNECT and the CONNACK going out: messages routed
   * in that gap are queued on the session (sent after the CONNACK) rather than handed over.
   */
  readonly delivering: boolean;
  deliver(message: Message, qos: QoS, retain: boolean): void;
  /** Close the owning connection (takeover, admin kick). */
  closeWith(reason: CloseReason): void;
}

/** A publisher paused until a congested session's queue drains (publisher flow control). */
export interface DrainWaiter {
  drained(): void;
}

/**
 * Told of every change to a session's delivery state, in order, so a store can mirror it (the
 * Redis session store journals persistent sessions this way). Calls are synchronous and must
 * not throw; a store batches them.
 */
export interface SessionObserver {
  /** `queueLength` is the length after the push (1: the queue was empty). */
  queued(entry: QueuedMessage, queueLength: number): void;
  /** The oldest queued message left the queue (sent, moved in flight, or dropped). */
  dequeued(): void;
  inflightAdded(entry: InflightEntry): void;
  /** PUBREC arrived: the entry now waits for PUBCOMP. */
  inflightReleased(packetId: number): void;
  inflightRemoved(packetId: number): void;
  releaseAwaited(packetId: number): void;
  released(packetId: number): void;
}

/** What `queue`, `inflight` and `awaitingRelease` show before first use (read-only by type). */
const NO_INFLIGHT: ReadonlyMap<number, InflightEntry> = new Map();
const NO_IDS: ReadonlySet<number> = new Set();
const NO_QUEUE: ReadonlyDeque<QueuedMessage> = new Deque();

/** How many times its bound a session queue may hold while flow control pauses its publishers. */
export const FLOW_CONTROL_SLACK = 16;

export type DropPolicy = 'drop-new' | 'drop-oldest';

export interface QueueLimits {
  /** Most messages a session may hold queued (not counting in-flight ones). */
  maxQueued: number;
  dropPolicy: DropPolicy;
}

/**
 * Everything MQTT 3.1.1 section 4.1 calls session state on the server side. It outlives the
 * connection for persistent sessions (CleanSession=0) and is discarded for clean ones.
 */
export class Session {
  /** Filter -> options; most sessions hold one, which a CompactMap keeps without a Map. */
  readonly subscriptions = new CompactMap<string, SubscriptionOptions>();
  /**
   * Queue, in-flight and awaiting-release state, created on first use: most sessions (idle
   * subscribers, QoS 0 traffic) never need them, and an empty Map or Set costs about 180 bytes.
   */
  private queueStore: Deque<QueuedMessage> | undefined;
  private inflightMap: Map<number, InflightEntry> | undefined;
  private awaitingSet: Set<number> | undefined;
  /** Messages dropped because the queue was full (exported as a metric). */
  dropped = 0;
  /**
   * Told of every message dropped because the queue was full, whichever the policy and whether
   * the session is online or not: the broker counts them for the metric.
   */
  onDrop: (() => void) | undefined;
  /** When an offline persistent session may be discarded (ms since epoch); undefined while online. */
  expiresAt: number | undefined;
  /**
   * Scratch of the broker's routing pass (which publish last matched this session, and where
   * in that pass's arrays): merging overlapping subscriptions then needs no Map per publish.
   */
  routeStamp = 0;
  routeSlot = 0;
  /** When the current (or last) connection took the session (ms), for cluster takeover order. */
  connectedAt = 0;
  /** The connection currently holding the session, if any. */
  owner: SessionOwner | undefined;
  /**
   * Publishers paused because this session's queue passed half its bound (the broker's
   * publisher flow control); woken when it drains to a quarter, or when the session goes away.
   */
  drainWaiters: DrainWaiter[] | undefined;
  /** Mirrors delivery state to a session store (persistent sessions in the distributed mode). */
  observer: SessionObserver | undefined;
  private lastPacketId = 0;

  constructor(
    readonly clientId: string,
    public persistent: boolean,
  ) {}

  /** Messages waiting for the in-flight window or the socket, oldest first. */
  get queue(): ReadonlyDeque<QueuedMessage> {
    return this.queueStore ?? NO_QUEUE;
  }

  /** Insertion order is send order, which redelivery on reconnect must keep [MQTT-4.6.0-1]. */
  get inflight(): ReadonlyMap<number, InflightEntry> {
    return this.inflightMap ?? NO_INFLIGHT;
  }

  /** QoS 2 packet ids received and PUBREC'd but not yet released [MQTT-4.3.3-2]. */
  get awaitingRelease(): ReadonlySet<number> {
    return this.awaitingSet ?? NO_IDS;
  }

  /**
   * Next free packet identifier, never one still in flight [MQTT-2.3.1-2]; returns 0 when all
   * 65535 are in use (the caller then leaves the message queued).
   */
  nextPacketId(): number {
    if (this.inflight.size >= 65535) return 0;
    let id = this.lastPacketId;
    do {
      id = id === 65535 ? 1 : id + 1;
    } while (this.inflight.has(id));
    this.lastPacketId = id;
    return id;
  }

  /**
   * Queue a message for delivery, applying the bound. Returns false when the message was
   * dropped (drop-new) — with drop-oldest the oldest queued message is dropped instead.
   */
  enqueue(message: Message, qos: QoS, retain: boolean, limits: QueueLimits): boolean {
    // While publishers are asked to pause for this queue (flow control), what they had
    // already sent is still arriving (through NATS: possibly thousands of messages, all
    // acknowledged to their publishers): admit it up to a hard cap instead of dropping it.
    const bound =
      this.drainWaiters === undefined ? limits.maxQueued : limits.maxQueued * FLOW_CONTROL_SLACK;
    const queue = (this.queueStore ??= new Deque());
    if (queue.length >= bound) {
      this.dropped++;
      this.onDrop?.();
      if (limits.dropPolicy === 'drop-new') return false;
      this.dequeue();
    }
    const entry: QueuedMessage = { message, qos, retain };
    queue.push(entry);
    this.observer?.queued(entry, queue.length);
    return true;
  }

  /** Remove and return the oldest queued message. */
  dequeue(): QueuedMessage | undefined {
    const entry = this.queueStore?.shift();
    if (entry !== undefined) this.observer?.dequeued();
    return entry;
  }

  /** A PUBLISH with this entry's packet id was sent; it stays until acknowledged. */
  addInflight(entry: InflightEntry): void {
    (this.inflightMap ??= new Map()).set(entry.packetId, entry);
    this.observer?.inflightAdded(entry);
  }

  /** [MQTT-4.3.3-1] PUBREC received: the id is kept, now waiting for PUBCOMP. */
  markReleased(entry: InflightEntry): void {
    entry.phase = 'pubrel';
    this.observer?.inflightReleased(entry.packetId);
  }

  /** PUBACK/PUBCOMP received: the id may be reused. */
  completeInflight(packetId: number): void {
    if (this.inflightMap?.delete(packetId)) this.observer?.inflightRemoved(packetId);
  }

  /** [MQTT-4.3.3-2] a QoS 2 PUBLISH was received and PUBREC'd: its id is remembered until PUBREL. */
  awaitRelease(packetId: number): void {
    (this.awaitingSet ??= new Set()).add(packetId);
    this.observer?.releaseAwaited(packetId);
  }

  release(packetId: number): void {
    if (this.awaitingSet?.delete(packetId)) this.observer?.released(packetId);
  }

  /**
   * State of a session restored from a store, set as is (the observer is not told: the store
   * has it already). Packet ids continue after the last in-flight one.
   */
  restoreState(
    inflight: Iterable<InflightEntry>,
    queue: Iterable<QueuedMessage>,
    awaitingRelease: Iterable<number>,
  ): void {
    let lastId = 0;
    for (const entry of inflight) {
      (this.inflightMap ??= new Map()).set(entry.packetId, entry);
      lastId = entry.packetId;
    }
    this.lastPacketId = lastId;
    for (const entry of queue) (this.queueStore ??= new Deque()).push(entry);
    for (const id of awaitingRelease) (this.awaitingSet ??= new Set()).add(id);
  }

  /** Wake the paused publishers: the queue drained, or the session went offline or away. */
  releaseDrainWaiters(): void {
    const waiters = this.drainWaiters;
    if (waiters === undefined) return;
    this.drainWaiters = undefined;
    for (const waiter of waiters) waiter.drained();
  }

  /** Clears everything: used for CleanSession=1 at connect and disconnect [MQTT-3.1.2-6]. */
  clear(): void {
    this.subscriptions.clear();
    this.inflightMap = undefined;
    this.queueStore = undefined;
    this.awaitingSet = undefined;
    this.lastPacketId = 0;
  }
}
