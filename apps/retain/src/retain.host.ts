import { RetainService, RpcServer, type RpcStats } from '@mithqtt/nats';
import { RedisRetainStore } from '@mithqtt/redis';
import { SUBJECTS } from '@mithqtt/contracts';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RetainConfig } from './retain-config';
import { LOGGER, NATS, REDIS, RETAIN_CONFIG, RPC_STATS } from './tokens';

/** Room left in a NATS message for the subject and headers of a match reply. */
const HEADER_ROOM = 4096;

/**
 * Serves `mqtt.retain.v1.*` in the queue group once the app is up; on shutdown stops taking
 * requests, answers those it already has, drains NATS and closes Redis.
 */
@Injectable()
export class RetainHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server: RpcServer | undefined;

  constructor(
    @Inject(RETAIN_CONFIG) private readonly config: RetainConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(REDIS) private readonly redis: Redis | Cluster,
    @Inject(RPC_STATS) private readonly stats: RpcStats,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const store = new RedisRetainStore(this.redis, `${this.config.REDIS_KEY_PREFIX}:retain`);
    const maxPayload = this.nc.info?.max_payload ?? 1024 * 1024;
    const service = new RetainService(store, {
      maxReplyBytes: Math.max(1024, maxPayload - HEADER_ROOM),
      onError: (operation, err) => this.logger.error({ operation, err }, 'retained store failed'),
    });
    this.server = new RpcServer(this.nc, {
      queue: this.config.RETAIN_QUEUE_GROUP,
      onError: (subject, err) => this.logger.error({ subject, err }, 'request failed'),
      stats: this.stats,
    });
    service.register(this.server);
    await this.nc.flush();
    this.logger.info(
      { queue: this.config.RETAIN_QUEUE_GROUP, subjects: Object.values(SUBJECTS.retain) },
      'retain service ready',
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.server?.stop();
    await this.nc.drain().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
    this.logger.info('retain service stopped');
  }
}
