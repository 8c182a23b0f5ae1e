import type { Cluster, Redis } from 'ioredis';

/**
 * Which broker nodes are alive, as leases in Redis: each node renews a key with a short TTL;
 * a node whose key is gone is dead (killed, hung, or shut down). One surviving node claims
 * each dead node (SET NX), so its sessions are adopted exactly once.
 *
 * Redis, not NATS, decides liveness because the sessions to adopt live in Redis: a node that
 * can still reach NATS but not Redis cannot journal its sessions, so it must not look alive.
 */
export class RedisNodeLease {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
    private readonly nodeId: string,
    private readonly leaseMs: number,
  ) {}

  /** Renew this node's lease (and register it, so others know to watch it). */
  async renew(): Promise<void> {
    await this.redis.set(this.leaseKey(this.nodeId), '1', 'PX', this.leaseMs);
    await this.redis.sadd(this.nodesKey, this.nodeId);
  }

  /** Registered nodes other than this one whose lease has run out. */
  async deadNodes(): Promise<string[]> {
    const nodes = await this.redis.smembers(this.nodesKey);
    const others = nodes.filter((n) => n !== this.nodeId);
    const alive = await Promise.all(others.map((n) => this.redis.exists(this.leaseKey(n))));
    return others.filter((_, i) => alive[i] === 0);
  }

  /** True for exactly one caller per dead node (until `claimMs` passes without `retire`). */
  async claim(node: string, claimMs: number): Promise<boolean> {
    const ok = await this.redis.set(this.claimKey(node), this.nodeId, 'PX', claimMs, 'NX');
    return ok === 'OK';
  }

  /** The dead node's sessions were adopted: stop watching it. */
  async retire(node: string): Promise<void> {
    await this.redis.srem(this.nodesKey, node);
  }

  /** Graceful shutdown: give the lease up now, so others adopt this node's sessions at once. */
  async release(): Promise<void> {
    await this.redis.del(this.leaseKey(this.nodeId));
  }

  private get nodesKey(): string {
    return `${this.prefix}:nodes`;
  }

  private leaseKey(node: string): string {
    return `${this.prefix}:node:{${node}}:lease`;
  }

  private claimKey(node: string): string {
    return `${this.prefix}:node:{${node}}:claim`;
  }
}
