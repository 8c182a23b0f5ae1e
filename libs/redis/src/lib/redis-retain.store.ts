import type { RetainStore } from '@mithqtt/broker';
import type { QoS } from '@mithqtt/codec';
import type { Message } from '@mithqtt/protocol';
import type { Cluster, Redis } from 'ioredis';
import { DELETE_SCRIPT, MATCH_SCRIPT, SET_SCRIPT } from './retain-scripts';

type Client = Redis | Cluster;

interface RetainCommands {
  retainSet(key: string, ...args: (string | Buffer)[]): Promise<number>;
  retainDelete(key: string, ...args: string[]): Promise<number>;
  retainMatchBuffer(key: string, ...args: string[]): Promise<Buffer[]>;
}

/**
 * Retained messages in Redis (standalone or Cluster). A topic trie is kept in Redis so that a
 * wildcard lookup walks only the branches the filter reaches, never a SCAN of every retained
 * message. Keys are sharded by the topic's first level (hash tag), one Lua script per call.
 *
 * The set of first levels (`prefix:roots`) only grows: pruning it safely would need a
 * cross-slot transaction; it holds one small entry per distinct first level.
 */
export class RedisRetainStore implements RetainStore {
  private readonly cmd: RetainCommands;

  constructor(
    private readonly redis: Client,
    private readonly prefix = 'mqtt:retain',
  ) {
    redis.defineCommand('retainSet', { numberOfKeys: 1, lua: SET_SCRIPT });
    redis.defineCommand('retainDelete', { numberOfKeys: 1, lua: DELETE_SCRIPT });
    redis.defineCommand('retainMatch', { numberOfKeys: 1, lua: MATCH_SCRIPT });
    this.cmd = redis as unknown as RetainCommands;
  }

  async set(message: Message): Promise<void> {
    const levels = message.topic.split('/');
    const pre = this.slotPrefix(levels[0] as string);
    // The root first: a client dying between the two commands then leaves at worst a root
    // with nothing under it, never a message that wildcard lookups cannot reach.
    await this.redis.sadd(`${this.prefix}:roots`, levels[0] as string);
    await this.cmd.retainSet(
      `${pre}:m:${message.topic}`,
      pre,
      message.topic,
      String(message.qos),
      message.payload,
      ...levels,
    );
  }

  async delete(topic: string): Promise<boolean> {
    const levels = topic.split('/');
    const pre = this.slotPrefix(levels[0] as string);
    const existed = await this.cmd.retainDelete(`${pre}:m:${topic}`, pre, topic, ...levels);
    return existed === 1;
  }

  async get(topic: string): Promise<Message | undefined> {
    const pre = this.slotPrefix(topic.split('/')[0] as string);
    const [qos, payload] = await this.redis.hmgetBuffer(`${pre}:m:${topic}`, 'q', 'p');
    if (!qos || !payload) return undefined;
    return { topic, payload, qos: Number(qos.toString()) as QoS, retain: true };
  }

  async match(filter: string): Promise<Message[]> {
    const levels = filter.split('/');
    const first = levels[0] as string;
    const rest = levels.slice(1);
    let roots: string[];
    if (first === '+' || first === '#') {
      // [MQTT-4.7.2-1] a wildcard first level does not match topics starting with '$'.
      roots = (await this.redis.smembers(`${this.prefix}:roots`)).filter((r) => !r.startsWith('$'));
      if (first === '#') rest.unshift('#');
      // '+' matched the first level itself: continue with the remaining levels.
    } else {
      roots = [first];
    }
    const results = await Promise.all(
      roots.map((root) => {
        const pre = this.slotPrefix(root);
        // For a first-level '#', rest is ['#', ...]: the walk emits the root and all below it.
        return this.cmd.retainMatchBuffer(`${pre}:m:${root}`, pre, root, ...rest);
      }),
    );
    const out: Message[] = [];
    for (const flat of results) {
      for (let i = 0; i + 2 < flat.length; i += 3) {
        out.push({
          topic: (flat[i] as Buffer).toString(),
          qos: Number((flat[i + 1] as Buffer).toString()) as QoS,
          payload: flat[i + 2] as Buffer,
          retain: true,
        });
      }
    }
    return out;
  }

  /**
   * The sum of the per-subtree counters, which the set/delete scripts keep atomically with the
   * messages (one GET per distinct first level: not for the hot path).
   */
  async count(): Promise<number> {
    const roots = await this.redis.smembers(`${this.prefix}:roots`);
    const counts = await Promise.all(roots.map((r) => this.redis.get(`${this.slotPrefix(r)}:n`)));
    return counts.reduce((sum, n) => sum + Number(n ?? 0), 0);
  }

  private slotPrefix(firstLevel: string): string {
    return `{${this.prefix}:${firstLevel}}`;
  }
}
