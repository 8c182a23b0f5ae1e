import type { Message } from '@mithqtt/protocol';
import type { RetainStore } from '../ports/retain.port';
import { TopicTrie } from './retain-trie';

/** In-process retained store (embedded mode). */
export class MemoryRetainStore implements RetainStore {
  private readonly trie = new TopicTrie<Message>();

  set(message: Message): Promise<void> {
    // Copy the payload: a parsed payload aliases its socket chunk, which must not be pinned
    // in memory for as long as the retained message lives.
    this.trie.set(message.topic, { ...message, payload: Buffer.from(message.payload) });
    return Promise.resolve();
  }
  delete(topic: string): Promise<boolean> {
    return Promise.resolve(this.trie.delete(topic));
  }
  get(topic: string): Promise<Message | undefined> {
    return Promise.resolve(this.trie.get(topic));
  }
  match(filter: string): Promise<Message[]> {
    return Promise.resolve(this.trie.match(filter));
  }
  count(): Promise<number> {
    return Promise.resolve(this.trie.size);
  }
}
