import type {
  InflightEntry,
  QueuedMessage,
  SessionObserver,
  SubscriptionOptions,
} from '@mithqtt/protocol';

/** A persistent session as a store holds it: the server-side state of MQTT 3.1.1 section 4.1. */
export interface StoredSession {
  readonly clientId: string;
  /** Node id that last opened the session ('' if unknown). */
  readonly node: string;
  readonly subscriptions: ReadonlyMap<string, SubscriptionOptions>;
  /** Outgoing QoS 1/2 messages not yet completed, in send order [MQTT-4.6.0-1]. */
  readonly inflight: readonly InflightEntry[];
  /** Messages waiting for delivery, oldest first. */
  readonly queue: readonly QueuedMessage[];
  /** Inbound QoS 2 packet ids PUBREC'd and not yet released [MQTT-4.3.3-2]. */
  readonly awaitingRelease: readonly number[];
  /** When the owner (`node`) opened or adopted the session (ms since epoch; 0 if unknown). */
  readonly since?: number;
  /**
   * Strict durability: per origin node, the id of the last message of its durable log this
   * session has taken (see `checkpoint`).
   */
  readonly checkpoints?: ReadonlyMap<string, string>;
}

/**
 * Where persistent sessions (CleanSession=0) live so they outlive a node and follow their
 * client to any node. Reads happen at CONNECT only; every change after that is a journal
 * write (`observe`, `setSubscription`, ...) that the store batches and never makes the caller
 * wait for: the publish path makes no store round trip.
 */
export interface SessionStore {
  /** Node that last opened `clientId`'s session, or undefined when there is no such session. */
  ownerOf(clientId: string): Promise<string | undefined>;
  load(clientId: string): Promise<StoredSession | undefined>;
  /** The session is connected on `node`: create it if absent and stop any expiry. */
  open(clientId: string, node: string): void;
  /** Journal of the session's delivery state (queue, in-flight, QoS 2 receive state). */
  observe(clientId: string): SessionObserver;
  setSubscription(clientId: string, filter: string, options: SubscriptionOptions): void;
  removeSubscription(clientId: string, filter: string): void;
  /**
   * Strict durability: the session has taken message `logId` of node `node`'s durable log (and
   * every earlier one of that node it matched). Stored after, and atomically with, the journal
   * writes of the same turn, so a stored checkpoint never claims a message the journal lacks.
   */
  checkpoint(clientId: string, node: string, logId: string): void;
  /** The session went offline: it is deleted after `ttlMs` unless opened again. */
  expire(clientId: string, ttlMs: number): void;
  delete(clientId: string): void;
  /** Client ids of the sessions `node` opened (a superset: some may have moved on since). */
  sessionsOf(node: string): Promise<string[]>;
  /**
   * Make `to` the session's owner if `from` still is (atomically): how a surviving node adopts
   * the sessions of a dead one without stealing one its client already resumed elsewhere.
   */
  claim(clientId: string, from: string, to: string): Promise<boolean>;
  /** Forget the list of sessions of a node that is gone (after they were adopted). */
  forgetNode(node: string): void;
  /**
   * Strict durability: resolves when the writes of this turn for `clientId` are stored (or
   * failed); undefined when none are waiting. A gateway holds a QoS 1/2 PUBLISH to a
   * persistent session until then, so a message is on the wire only once the journal (and
   * the checkpoint) says so: a gateway dying right after cannot leave it delivered but
   * unrecorded, to be delivered again as new (a QoS 2 duplicate).
   */
  written?(clientId: string): Promise<void> | undefined;
  /** Resolves when every write issued so far is stored (before a session is handed over). */
  flush(): Promise<void>;
}
