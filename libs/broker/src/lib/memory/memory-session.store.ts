import {
  Deque,
  type InflightEntry,
  type QueuedMessage,
  type SessionObserver,
  type SubscriptionOptions,
} from '@mithqtt/protocol';
import type { SessionStore, StoredSession } from '../ports/session.port';

interface Record {
  node: string;
  readonly subscriptions: Map<string, SubscriptionOptions>;
  /** Map insertion order is send order. */
  readonly inflight: Map<number, InflightEntry>;
  readonly queue: Deque<QueuedMessage>;
  readonly awaitingRelease: Set<number>;
  readonly checkpoints: Map<string, string>;
  since: number;
  expiresAt: number | undefined;
}

/**
 * Session store in this process's memory: the reference implementation of the SessionStore
 * contract (libs/testing) and a store for tests of session restore. It survives a Broker, not
 * the process; the Redis store is the one for deployments.
 */
export class MemorySessionStore implements SessionStore {
  private readonly records = new Map<string, Record>();

  constructor(private readonly now: () => number = Date.now) {}

  ownerOf(clientId: string): Promise<string | undefined> {
    return Promise.resolve(this.live(clientId)?.node);
  }

  load(clientId: string): Promise<StoredSession | undefined> {
    const r = this.live(clientId);
    if (!r) return Promise.resolve(undefined);
    return Promise.resolve({
      clientId,
      node: r.node,
      subscriptions: new Map(r.subscriptions),
      inflight: [...r.inflight.values()].map((e) => ({ ...e })),
      queue: [...r.queue],
      awaitingRelease: [...r.awaitingRelease],
      since: r.since,
      checkpoints: new Map(r.checkpoints),
    });
  }

  open(clientId: string, node: string): void {
    const r = this.record(clientId);
    r.node = node;
    r.since = this.now();
    r.expiresAt = undefined;
  }

  checkpoint(clientId: string, node: string, logId: string): void {
    this.live(clientId)?.checkpoints.set(node, logId);
  }

  observe(clientId: string): SessionObserver {
    const r = () => this.record(clientId);
    return {
      queued: (entry) => r().queue.push(entry),
      dequeued: () => r().queue.shift(),
      inflightAdded: (entry) => r().inflight.set(entry.packetId, { ...entry }),
      inflightReleased: (packetId) => {
        const entry = r().inflight.get(packetId);
        if (entry) entry.phase = 'pubrel';
      },
      inflightRemoved: (packetId) => r().inflight.delete(packetId),
      releaseAwaited: (packetId) => r().awaitingRelease.add(packetId),
      released: (packetId) => r().awaitingRelease.delete(packetId),
    };
  }

  setSubscription(clientId: string, filter: string, options: SubscriptionOptions): void {
    this.record(clientId).subscriptions.set(filter, { ...options });
  }

  removeSubscription(clientId: string, filter: string): void {
    this.live(clientId)?.subscriptions.delete(filter);
  }

  expire(clientId: string, ttlMs: number): void {
    const r = this.live(clientId);
    if (r) r.expiresAt = this.now() + ttlMs;
  }

  delete(clientId: string): void {
    this.records.delete(clientId);
  }

  sessionsOf(node: string): Promise<string[]> {
    const ids: string[] = [];
    for (const [clientId, r] of this.records) if (r.node === node) ids.push(clientId);
    return Promise.resolve(ids);
  }

  claim(clientId: string, from: string, to: string): Promise<boolean> {
    const r = this.live(clientId);
    if (r?.node !== from) return Promise.resolve(false);
    r.node = to;
    return Promise.resolve(true);
  }

  forgetNode(_node: string): void {
    // Nothing to forget: the memory store finds a node's sessions by scanning its records.
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  /** The record, unless absent or expired (expired ones are removed on the way). */
  private live(clientId: string): Record | undefined {
    const r = this.records.get(clientId);
    if (r?.expiresAt !== undefined && r.expiresAt <= this.now()) {
      this.records.delete(clientId);
      return undefined;
    }
    return r;
  }

  private record(clientId: string): Record {
    let r = this.live(clientId);
    if (!r) {
      r = {
        node: '',
        subscriptions: new Map(),
        inflight: new Map(),
        queue: new Deque(),
        awaitingRelease: new Set(),
        checkpoints: new Map(),
        since: 0,
        expiresAt: undefined,
      };
      this.records.set(clientId, r);
    }
    return r;
  }
}
