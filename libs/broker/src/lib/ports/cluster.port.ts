import type { Message } from '@mithqtt/protocol';

/**
 * The link to other broker nodes (NATS in the distributed deployment; absent when embedded).
 * Messages travel as pub/sub, never request/reply, and only to nodes with interest.
 */
export interface ClusterPort {
  /** A message accepted on this node: hand it to the other nodes (fire and forget). */
  publish(message: Message): void;
  /** A filter gained its first local subscriber: start receiving matching messages. */
  interestAdded(filter: string): void;
  /** A filter lost its last local subscriber. */
  interestRemoved(filter: string): void;
}
