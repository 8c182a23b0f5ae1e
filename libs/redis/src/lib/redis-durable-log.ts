import {
  type Deferred,
  deferred,
  type DurableLog,
  type LoggedMessage,
  LogIdGenerator,
  type NodeCheckpoint,
  logIdAt,
} from '@mithqtt/broker';
import type { QoS } from '@mithqtt/codec';
import type { Message } from '@mithqtt/protocol';
import type { Cluster, Redis } from 'ioredis';

type Client = Redis | Cluster;

interface Batch {
  readonly args: (string | Buffer | number)[][];
  readonly done: Deferred;
}

/**
 * Strict durability's log (decision 0008): one Redis stream per node,
 * `<prefix>:log:{<node>}`, ids `<ms>-<seq>` chosen by the node (so the id is known before the
 * write and can travel with the message), fields topic/QoS/retain/client id and the payload
 * as raw bytes. Appends of one event-loop turn go out as one pipeline (one slot: the node's
 * hash tag, so it works on Redis Cluster). Entries older than the retention are trimmed on
 * write (`MINID ~`), and a log nobody writes any more expires after the retention.
 */
export class RedisDurableLog implements DurableLog {
  private readonly ids = new LogIdGenerator();
  private batch: Batch | undefined;

  constructor(
    private readonly redis: Client,
    private readonly node: string,
    private readonly retentionMs: number,
    private readonly prefix = 'mqtt',
  ) {}

  /** Registers this node's log and continues after its last id (a restart with the same id). */
  async init(): Promise<void> {
    await this.redis.sadd(this.originsKey(), this.node);
    const last = await this.redis.xrevrange(this.key(this.node), '+', '-', 'COUNT', 1);
    const id = last[0]?.[0];
    if (id !== undefined) this.ids.resumeAfter(id);
  }

  append(message: Message): { readonly id: string; readonly stored: Promise<void> } {
    const id = this.ids.next();
    const batch = this.batch ?? this.startBatch();
    batch.args.push([
      id,
      't',
      message.topic,
      'q',
      message.qos,
      'r',
      message.retain ? 1 : 0,
      'c',
      message.origin ?? '',
      'p',
      message.payload,
    ]);
    return { id, stored: batch.done.promise };
  }

  async origins(): Promise<string[]> {
    return this.redis.smembers(this.originsKey());
  }

  async read(node: string, after: string, count: number): Promise<LoggedMessage[]> {
    const key = this.key(node);
    const entries = await this.redis.xrangeBuffer(key, `(${after}`, '+', 'COUNT', count);
    if (entries.length === 0 && node !== this.node && (await this.redis.exists(key)) === 0) {
      // Its node is gone and the retention has passed: nothing left to replay from it.
      await this.redis.srem(this.originsKey(), node);
    }
    return entries.map(([raw, fields]) => {
      const id = raw.toString();
      return { id, message: toMessage(fields, node, id) };
    });
  }

  async saveCheckpoint(marks: ReadonlyMap<string, string>, at: number): Promise<void> {
    const key = this.checkpointKey(this.node);
    const fields: string[] = ['@at', String(at)];
    for (const [node, id] of marks) fields.push(node, id);
    // Replaced whole (a node's marks only grow; a stale field would do no harm either).
    await this.redis
      .multi()
      .del(key)
      .hset(key, ...fields)
      .pexpire(key, this.retentionMs)
      .exec();
  }

  async checkpointOf(node: string): Promise<NodeCheckpoint | undefined> {
    const fields = await this.redis.hgetall(this.checkpointKey(node));
    const at = Number(fields['@at']);
    if (!Number.isFinite(at) || at <= 0) return undefined;
    const marks = new Map(Object.entries(fields).filter(([name]) => name !== '@at'));
    return { at, marks };
  }

  private startBatch(): Batch {
    const batch: Batch = { args: [], done: deferred() };
    this.batch = batch;
    setImmediate(() => this.write(batch));
    return batch;
  }

  private write(batch: Batch): void {
    this.batch = undefined;
    const key = this.key(this.node);
    const trimBelow = logIdAt(Date.now() - this.retentionMs);
    const pipeline = this.redis.pipeline();
    for (const args of batch.args) pipeline.xadd(key, ...args);
    // Trimmed once per write, not per entry (`~`: whole stream nodes only, cheap).
    pipeline.xtrim(key, 'MINID', '~', trimBelow);
    pipeline.pexpire(key, this.retentionMs);
    pipeline.exec().then(
      (results) => {
        const failed = results?.find(([err]) => err)?.[0];
        if (!results) batch.done.reject(new Error('durable log: pipeline aborted'));
        else if (failed) batch.done.reject(failed);
        else batch.done.resolve();
      },
      (e: unknown) => batch.done.reject(e),
    );
  }

  private key(node: string): string {
    return `${this.prefix}:log:{${node}}`;
  }

  /** Same hash tag as the node's log: one slot. */
  private checkpointKey(node: string): string {
    return `${this.prefix}:log:ckpt:{${node}}`;
  }

  private originsKey(): string {
    return `${this.prefix}:log:origins`;
  }
}

function toMessage(fields: Buffer[], node: string, logId: string): Message {
  let topic = '';
  let qos: QoS = 0;
  let retain = false;
  let origin: string | undefined;
  let payload: Buffer = Buffer.alloc(0);
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = (fields[i] as Buffer).toString();
    const value = fields[i + 1] as Buffer;
    if (name === 't') topic = value.toString();
    else if (name === 'q') qos = Number(value.toString()) as QoS;
    else if (name === 'r') retain = value.toString() === '1';
    else if (name === 'c') origin = value.length > 0 ? value.toString() : undefined;
    else if (name === 'p') payload = value;
  }
  return { topic, payload, qos, retain, origin, logId, node };
}
