import type { Message } from '@mithqtt/protocol';

/**
 * Retained messages: one per topic, last write wins [MQTT-3.3.1-5]; lookups by filter must not
 * scan every retained message. Async because the distributed adapter lives in Redis.
 */
export interface RetainStore {
  /** Store `message` as the retained message of its topic, replacing any previous one. */
  set(message: Message): Promise<void>;
  /** Remove the retained message of `topic` [MQTT-3.3.1-10/11]; true if one existed. */
  delete(topic: string): Promise<boolean>;
  get(topic: string): Promise<Message | undefined>;
  /** Retained messages whose topic matches `filter`, with the `$` rule [MQTT-4.7.2-1]. */
  match(filter: string): Promise<Message[]>;
  count(): Promise<number>;
}
