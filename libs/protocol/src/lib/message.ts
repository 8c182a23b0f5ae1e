import type { Properties, QoS } from '@mithqtt/codec';

/**
 * An application message as the broker routes it: one object per PUBLISH received, shared by
 * every subscriber it reaches (never copied per subscriber). `payload` may alias the socket
 * chunk it was parsed from; nothing mutates it.
 */
export interface Message {
  readonly topic: string;
  readonly payload: Buffer;
  readonly qos: QoS;
  readonly retain: boolean;
  readonly properties?: Properties;
  /** Client id of the publisher (for no-local and events); undefined for API/backend publishes. */
  readonly origin?: string;
  /**
   * Strict durability only (DURABILITY=strict): the message's id in its origin node's
   * durable log (`<ms>-<seq>`, increasing per node) and that node's id. A session records the
   * last id it took from each node, so a replay of the log after a gateway death delivers
   * exactly what the session has not journaled (decision 0008).
   */
  readonly logId?: string;
  readonly node?: string;
  /**
   * Cache owned by the gateway's writer: the 3.1/3.1.1 PUBLISH header of this message per QoS
   * (DUP=0, RETAIN=0), encoded once and shared by every subscriber (QoS 1/2 copies get their
   * packet id patched in). Not part of the message's meaning.
   */
  headerCache?: (Buffer | undefined)[];
}

/** A message waiting in a session queue with the QoS it will be delivered at. */
export interface QueuedMessage {
  readonly message: Message;
  /** min(publish QoS, granted QoS) [MQTT-3.8.4-6]. */
  readonly qos: QoS;
  /** RETAIN flag to send: 1 only for retained messages sent because of a new subscription [MQTT-3.3.1-8/9]. */
  readonly retain: boolean;
}
