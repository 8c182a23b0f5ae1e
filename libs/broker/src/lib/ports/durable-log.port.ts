import type { Message } from '@mithqtt/protocol';

/** One entry of a node's durable log. */
export interface LoggedMessage {
  /** `<ms>-<seq>`, increasing within one node's log (see `compareLogIds`). */
  readonly id: string;
  readonly message: Message;
}

/**
 * Strict durability (DURABILITY=strict, decision 0008): every QoS 1/2 message a node accepts
 * is appended to that node's log (Redis) before its PUBACK/PUBREC, so a message that was on
 * its way to, or not yet journaled by, a gateway that died can be found again and delivered
 * to the sessions that gateway held. Entries older than the retention are trimmed.
 */
export interface DurableLog {
  /**
   * Append `message` to this node's log: the id is assigned at once, `stored` resolves when
   * the entry is durable (appends of one event-loop turn share one round trip).
   */
  append(message: Message): { readonly id: string; readonly stored: Promise<void> };
  /** Nodes whose logs may hold entries (this one included). */
  origins(): Promise<string[]>;
  /**
   * Up to `count` entries of `node`'s log with ids above `after`, oldest first; each message
   * carries its `logId` and `node`.
   */
  read(node: string, after: string, count: number): Promise<LoggedMessage[]>;
  /**
   * Record this node's checkpoint: per origin node, the last logged message it routed, every
   * delivery up to it journaled (see StrictDurability). `at`: when it was taken (ms).
   */
  saveCheckpoint(marks: ReadonlyMap<string, string>, at: number): Promise<void>;
  /** The last checkpoint `node` recorded, if any. */
  checkpointOf(node: string): Promise<NodeCheckpoint | undefined>;
}

/** What a node had routed and journaled at a moment (see `saveCheckpoint`). */
export interface NodeCheckpoint {
  readonly at: number;
  readonly marks: ReadonlyMap<string, string>;
}
