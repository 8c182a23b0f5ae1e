import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import type { SessionStore } from '@mithqtt/broker';
import type { BrokerConfig } from '@mithqtt/config';
import type { NatsCluster } from '@mithqtt/nats';
import { RedisNodeLease } from '@mithqtt/redis';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { MqttListenerService } from '../mqtt/mqtt-listener.service';
import { BROKER_CONFIG, CLUSTER, LOGGER, REDIS, SESSION_STORE } from '../tokens';

/** How long a node's lease lives; it is renewed (and others checked) four times per lease. */
const LEASE_MS = 1000;
/** A claimed dead node left unretired (the claimer died too) can be claimed again after this. */
const CLAIM_MS = 30_000;

/**
 * Adoption of the persistent sessions of a node that died (kill -9, crash, lost Redis). Each
 * node keeps a lease in Redis; when one lapses, one surviving node claims it and adopts its
 * sessions as offline sessions, so messages published to those clients are queued (and
 * journaled) until they reconnect. Runs only in a cluster with Redis sessions.
 *
 * The window between a node's death and the adoption (up to a lease, ~1 s, plus one check
 * interval) is covered only with DURABILITY=strict (the adopted sessions replay the durable
 * logs); otherwise messages published to its clients then are not queued unless the clients
 * have already reconnected elsewhere. docs/decisions/0008 states the guarantees.
 */
@Injectable()
export class SessionAdoptionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly lease: RedisNodeLease | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    @Inject(BROKER_CONFIG) private readonly config: BrokerConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Optional() @Inject(REDIS) redis: Redis | Cluster | null,
    @Optional() @Inject(CLUSTER) cluster: NatsCluster | null,
    @Optional() @Inject(SESSION_STORE) private readonly store: SessionStore | null,
    private readonly listener: MqttListenerService,
  ) {
    if (redis && cluster && store) {
      this.lease = new RedisNodeLease(
        redis,
        `${config.REDIS_KEY_PREFIX}:cluster`,
        config.NODE_ID,
        LEASE_MS,
      );
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.lease) return;
    await this.lease.renew();
    this.timer = setInterval(() => void this.check(), LEASE_MS / 4);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.lease?.release().catch(() => undefined);
  }

  /** Renew this node's lease, then adopt the sessions of any node whose lease lapsed. */
  private async check(): Promise<void> {
    if (this.running || !this.lease) return;
    this.running = true;
    try {
      await this.lease.renew();
      for (const dead of await this.lease.deadNodes()) {
        if (await this.lease.claim(dead, CLAIM_MS)) await this.adoptFrom(dead, this.lease);
      }
    } catch (err: unknown) {
      this.log.error({ err }, 'session adoption check failed');
    } finally {
      this.running = false;
    }
  }

  private async adoptFrom(dead: string, lease: RedisNodeLease): Promise<void> {
    const store = this.store as SessionStore;
    const broker = this.listener.broker;
    let adopted = 0;
    for (const clientId of await store.sessionsOf(dead)) {
      // Only sessions still owned by the dead node: a client that already reconnected
      // elsewhere made that node the owner.
      if (!(await store.claim(clientId, dead, this.config.NODE_ID))) continue;
      const stored = await store.load(clientId);
      if (stored && broker.adopt(stored, dead)) adopted++;
    }
    // Strict durability: what the dead node had not journaled comes from the durable logs.
    await broker.finishAdoption();
    store.forgetNode(dead);
    await lease.retire(dead);
    this.log.warn({ deadNode: dead, adopted }, 'adopted the persistent sessions of a dead node');
  }
}
