import { type Deferred, deferred, type SessionStore, type StoredSession } from '@mithqtt/broker';
import type {
  InflightEntry,
  QueuedMessage,
  SessionObserver,
  SubscriptionOptions,
} from '@mithqtt/protocol';
import type { Cluster, Redis } from 'ioredis';
import {
  decodeInflight,
  decodeOptions,
  decodeQueued,
  encodeOptions,
  encodeQueued,
} from './session-codec';

type Client = Redis | Cluster;
type Command = [string, ...(string | Buffer | number)[]];
interface PendingWrite {
  readonly commands: Command[];
  readonly index: number;
}
interface ClaimCommand {
  sessionClaim(meta: string, from: string, to: string): Promise<number>;
}
/**
 * KEYS[1] = the session's meta hash; ARGV = from, to. 1 if the owner was `from` and is now
 * `to`. `since` is left as it was: a replay after the adopter's death must reach back to the
 * dead node's time (decision 0008).
 */
const CLAIM_SCRIPT = `
if redis.call('HGET', KEYS[1], 'node') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'node', ARGV[2])
  return 1
end
return 0`;
/** Placeholder of a cancelled command (filtered out before the pipeline is sent). */
const SKIP: Command = ['ping'];

/** The keys of one session; the hash tag puts them all in one Redis Cluster slot. */
class SessionKeys {
  readonly meta: string;
  readonly subs: string;
  readonly queue: string;
  readonly inflight: string;
  /** In-flight packet ids in send order. */
  readonly order: string;
  /** In-flight QoS 2 ids whose PUBREL was sent. */
  readonly pubrel: string;
  /** Inbound QoS 2 ids waiting for PUBREL. */
  readonly awaiting: string;
  /** Strict durability: per origin node, the last durable-log id the session took. */
  readonly ckpt: string;
  readonly all: readonly string[];

  constructor(prefix: string, clientId: string) {
    const base = `${prefix}:{${clientId}}`;
    this.meta = `${base}:meta`;
    this.subs = `${base}:subs`;
    this.queue = `${base}:queue`;
    this.inflight = `${base}:inflight`;
    this.order = `${base}:order`;
    this.pubrel = `${base}:pubrel`;
    this.awaiting = `${base}:awaiting`;
    this.ckpt = `${base}:ckpt`;
    this.all = [
      this.meta,
      this.subs,
      this.queue,
      this.inflight,
      this.order,
      this.pubrel,
      this.awaiting,
      this.ckpt,
    ];
  }
}

/**
 * Persistent sessions in Redis (standalone or Cluster). Every change is journaled as it
 * happens, batched per event-loop turn into one MULTI transaction per session (one slot, so it also
 * works on Redis Cluster); callers never wait for Redis except at CONNECT (`ownerOf`, `load`).
 *
 * A message queued and moved in flight in the same turn (the common online case) is written
 * once, as in flight: the queue push and pop cancel out. Offline sessions carry a TTL on every
 * key (`expire`), renewed by writes made while offline, so Redis cannot grow without bound.
 */
export class RedisSessionStore implements SessionStore {
  private readonly pending = new Map<string, Command[]>();
  /** Per offline session: its TTL (ms), re-applied after writes made while offline. */
  private readonly offlineTtl = new Map<string, number>();
  private readonly writing = new Set<Promise<unknown>>();
  /** Sessions whose writes of this turn someone waits for (`written`). */
  private readonly waiters = new Map<string, Deferred>();
  /** Checkpoints of this turn per session (node -> log id): written last in its transaction. */
  private readonly checkpoints = new Map<string, Map<string, string>>();
  private scheduled = false;

  constructor(
    private readonly redis: Client,
    private readonly prefix = 'mqtt:session',
    private readonly onError: (context: string, error: unknown) => void = () => undefined,
  ) {
    redis.defineCommand('sessionClaim', { numberOfKeys: 1, lua: CLAIM_SCRIPT });
  }

  async ownerOf(clientId: string): Promise<string | undefined> {
    await this.flush(); // this node's own journal first: it may hold this session's last writes
    const node = await this.redis.hget(this.keys(clientId).meta, 'node');
    return node ?? undefined;
  }

  async load(clientId: string): Promise<StoredSession | undefined> {
    await this.flush();
    const k = this.keys(clientId);
    const results = await this.redis
      .pipeline()
      .hmget(k.meta, 'node', 'since')
      .hgetall(k.subs)
      .lrangeBuffer(k.queue, 0, -1)
      .hgetallBuffer(k.inflight)
      .lrange(k.order, 0, -1)
      .smembers(k.pubrel)
      .smembers(k.awaiting)
      .hgetall(k.ckpt)
      .exec();
    if (!results) throw new Error('session load: pipeline aborted');
    for (const [err] of results) if (err) throw err;
    const value = (i: number): unknown => results[i]?.[1];
    const [node, since] = value(0) as [string | null, string | null];
    if (node === null) return undefined;
    const subscriptions = new Map<string, SubscriptionOptions>();
    for (const [filter, options] of Object.entries(value(1) as Record<string, string>)) {
      subscriptions.set(filter, decodeOptions(options));
    }
    const inflightData = value(3) as Record<string, Buffer>;
    const pubrel = new Set(value(5) as string[]);
    const inflight: InflightEntry[] = [];
    for (const id of value(4) as string[]) {
      const data = inflightData[id];
      if (data) inflight.push(decodeInflight(Number(id), data, pubrel.has(id)));
    }
    return {
      clientId,
      node,
      subscriptions,
      inflight,
      queue: (value(2) as Buffer[]).map(decodeQueued),
      awaitingRelease: (value(6) as string[]).map(Number),
      since: Number(since ?? 0),
      checkpoints: new Map(Object.entries(value(7) as Record<string, string>)),
    };
  }

  open(clientId: string, node: string): void {
    this.offlineTtl.delete(clientId);
    const k = this.keys(clientId);
    this.write(clientId, ['hset', k.meta, 'node', node, 'since', Date.now()]);
    for (const key of k.all) this.write(clientId, ['persist', key]);
    // Another slot than the session's keys, so not in its pipeline (Redis Cluster).
    this.redis.sadd(this.nodeKey(node), clientId).catch((e: unknown) => {
      this.onError('session.open', e);
    });
  }

  async sessionsOf(node: string): Promise<string[]> {
    return this.redis.smembers(this.nodeKey(node));
  }

  async claim(clientId: string, from: string, to: string): Promise<boolean> {
    await this.flush();
    const claimed = await (this.redis as unknown as ClaimCommand).sessionClaim(
      this.keys(clientId).meta,
      from,
      to,
    );
    if (claimed === 1) await this.redis.sadd(this.nodeKey(to), clientId);
    return claimed === 1;
  }

  forgetNode(node: string): void {
    this.redis.del(this.nodeKey(node)).catch((e: unknown) => this.onError('session.forgetNode', e));
  }

  observe(clientId: string): SessionObserver {
    return new Journal(this, clientId, this.keys(clientId));
  }

  checkpoint(clientId: string, node: string, logId: string): void {
    let nodes = this.checkpoints.get(clientId);
    if (!nodes) {
      nodes = new Map();
      this.checkpoints.set(clientId, nodes);
    }
    nodes.set(node, logId);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.writePending());
    }
  }

  setSubscription(clientId: string, filter: string, options: SubscriptionOptions): void {
    this.write(clientId, ['hset', this.keys(clientId).subs, filter, encodeOptions(options)]);
  }

  removeSubscription(clientId: string, filter: string): void {
    this.write(clientId, ['hdel', this.keys(clientId).subs, filter]);
  }

  expire(clientId: string, ttlMs: number): void {
    this.offlineTtl.set(clientId, ttlMs);
    for (const key of this.keys(clientId).all) this.write(clientId, ['pexpire', key, ttlMs]);
  }

  delete(clientId: string): void {
    this.offlineTtl.delete(clientId);
    this.pending.delete(clientId); // nothing of it needs writing any more
    this.checkpoints.delete(clientId);
    this.write(clientId, ['del', ...this.keys(clientId).all]);
  }

  async flush(): Promise<void> {
    this.writePending();
    while (this.writing.size > 0) await Promise.all([...this.writing]);
  }

  /** Queue a command for `clientId`'s pipeline of this turn; returns where it was queued. */
  write(clientId: string, command: Command): PendingWrite {
    let commands = this.pending.get(clientId);
    if (!commands) {
      commands = [];
      this.pending.set(clientId, commands);
    }
    const index = commands.push(command) - 1;
    const ttl = this.offlineTtl.get(clientId);
    // A write to an offline session may create a key without a TTL: re-apply it.
    if (ttl !== undefined && command[0] !== 'pexpire' && command[0] !== 'del') {
      commands.push(['pexpire', command[1] as string, ttl]);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.writePending());
    }
    return { commands, index };
  }

  /** Drop a command still waiting for this turn's pipeline; false if it was already sent. */
  cancel(clientId: string, write: PendingWrite): boolean {
    if (this.pending.get(clientId) !== write.commands) return false;
    write.commands[write.index] = SKIP; // keeps later indexes valid
    return true;
  }

  private writePending(): void {
    // Checkpoints go last in their session's commands: after the journal writes they follow.
    for (const [clientId, nodes] of this.checkpoints) {
      const pairs: string[] = [];
      for (const [node, logId] of nodes) pairs.push(node, logId);
      this.write(clientId, ['hset', this.keys(clientId).ckpt, ...pairs]);
    }
    this.checkpoints.clear();
    this.scheduled = false;
    if (this.pending.size === 0) return;
    for (const [clientId, commands] of this.pending) {
      const waiter = this.waiters.get(clientId);
      // One transaction per session (one slot): a node dying mid-write leaves all of a turn's
      // changes or none, so the journal never holds half a move (e.g. popped from the queue,
      // not yet in flight) and a checkpoint never outruns what it covers.
      const done = this.redis
        .multi(commands.filter((c) => c !== SKIP))
        .exec()
        .then(
          (results) => {
            for (const [err] of results ?? []) {
              if (err) this.onError('session.write', err);
            }
          },
          (e: unknown) => this.onError('session.write', e),
        )
        .finally(() => {
          this.writing.delete(done);
          waiter?.resolve(); // written or failed (logged): the waiter goes on either way
        });
      this.writing.add(done);
    }
    this.pending.clear();
    // A waiter for a session with nothing to write (e.g. cancelled) has nothing to wait for.
    for (const [clientId, waiter] of this.waiters) {
      if (!this.pending.has(clientId)) waiter.resolve();
    }
    this.waiters.clear();
  }

  written(clientId: string): Promise<void> | undefined {
    if (!this.pending.has(clientId) && !this.checkpoints.has(clientId)) return undefined;
    let waiter = this.waiters.get(clientId);
    if (!waiter) {
      waiter = deferred();
      this.waiters.set(clientId, waiter);
    }
    return waiter.promise;
  }

  /** The set of client ids whose sessions a node opened (for adoption when it dies). */
  private nodeKey(node: string): string {
    return `${this.prefix}:node:{${node}}:sessions`;
  }

  private keys(clientId: string): SessionKeys {
    return new SessionKeys(this.prefix, clientId);
  }
}

/** The journal of one session: its delivery-state changes as Redis commands. */
class Journal implements SessionObserver {
  /** A push made while the queue was empty, still unsent: an immediate pop cancels it. */
  private loneQueued: PendingWrite | undefined;

  constructor(
    private readonly store: RedisSessionStore,
    private readonly clientId: string,
    private readonly k: SessionKeys,
  ) {}

  queued(entry: QueuedMessage, queueLength: number): void {
    const write = this.store.write(this.clientId, ['rpush', this.k.queue, encodeQueued(entry)]);
    this.loneQueued = queueLength === 1 ? write : undefined;
  }

  dequeued(): void {
    const lone = this.loneQueued;
    this.loneQueued = undefined;
    if (lone && this.store.cancel(this.clientId, lone)) return;
    this.store.write(this.clientId, ['lpop', this.k.queue]);
  }

  inflightAdded(entry: InflightEntry): void {
    const id = String(entry.packetId);
    this.store.write(this.clientId, ['hset', this.k.inflight, id, encodeQueued(entry)]);
    this.store.write(this.clientId, ['rpush', this.k.order, id]);
  }

  inflightReleased(packetId: number): void {
    this.store.write(this.clientId, ['sadd', this.k.pubrel, String(packetId)]);
  }

  inflightRemoved(packetId: number): void {
    const id = String(packetId);
    this.store.write(this.clientId, ['hdel', this.k.inflight, id]);
    this.store.write(this.clientId, ['lrem', this.k.order, 1, id]);
    this.store.write(this.clientId, ['srem', this.k.pubrel, id]);
  }

  releaseAwaited(packetId: number): void {
    this.store.write(this.clientId, ['sadd', this.k.awaiting, String(packetId)]);
  }

  released(packetId: number): void {
    this.store.write(this.clientId, ['srem', this.k.awaiting, String(packetId)]);
  }
}
