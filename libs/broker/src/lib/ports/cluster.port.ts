import type { Message } from '@mithqtt/protocol';

/**
 * The link to other broker nodes (NATS in the distributed deployment; absent when embedded).
 * Messages travel as pub/sub, never request/reply, and only to nodes with interest.
 */
export interface ClusterPort {
  /** A message accepted on this node: hand it to the other nodes (fire and forget). */
  publish(message: Message): void;
  /**
   * A filter gained its first local subscriber: start receiving matching messages. Resolves
   * once other nodes route matching messages here (so a SUBACK sent after it holds cluster-
   * wide); never rejects.
   */
  interestAdded(filter: string): Promise<void>;
  /** A filter lost its last local subscriber. */
  interestRemoved(filter: string): void;
  /** A client connected here: other nodes close their connection with that id [MQTT-3.1.4-2]. */
  clientConnected(event: ClientConnectedEvent): void;
  /** A client's connection here ended (for backend services). */
  clientDisconnected(event: ClientDisconnectedEvent): void;
  /** A client subscribed or unsubscribed a filter (for backend services). */
  subscriptionChanged(event: SubscriptionEvent): void;
  /**
   * Ask node `node` to give up `clientId`'s session (close its connection, write everything to
   * the session store, forget it). Resolves when done (true), or at once when that node is
   * gone (no responder: false), or after a bounded wait (false); never rejects.
   */
  releaseSession(node: string, clientId: string): Promise<boolean>;
  /**
   * Resolves once the NATS server has every message `publish` handed over so far (strict
   * durability holds PUBACKs until then, so a gateway dying right after a PUBACK cannot take
   * an unsent message with it); never rejects.
   */
  flush(): Promise<void>;
  /** Ask node `origin` to pause its publishers: its messages congest a session here. */
  flowPause(origin: string): void;
  /** Node `origin` may go on: the sessions it congested here have drained. */
  flowResume(origin: string): void;
}

/** Published on `mqtt.events.v1.client-connected`. Never carries credentials. */
export interface ClientConnectedEvent {
  readonly clientId: string;
  readonly username: string | undefined;
  readonly cleanSession: boolean;
  readonly remoteAddress: string;
  /** Connect time (ms since epoch): the newest connection wins a cross-node takeover. */
  readonly at: number;
}

/** Published on `mqtt.events.v1.client-disconnected`. */
export interface ClientDisconnectedEvent {
  readonly clientId: string;
  readonly reason: string;
  readonly at: number;
}

/**
 * Published on `mqtt.events.v1.client-subscribed` (with `qos`) and
 * `mqtt.events.v1.client-unsubscribed` (without).
 */
export interface SubscriptionEvent {
  readonly clientId: string;
  readonly filter: string;
  /** Granted QoS; absent for an unsubscribe. */
  readonly qos?: number;
  readonly at: number;
}
