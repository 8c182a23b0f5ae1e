import { NodeRegistry, RpcClient, RpcServer, type RpcStats, SessionService } from '@mithqtt/nats';
import { RedisSessionStore } from '@mithqtt/redis';
import { SUBJECTS } from '@mithqtt/contracts';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Cluster, Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { SessionConfig } from './session-config';
import { LOGGER, NATS, REDIS, SESSION_CONFIG, RPC_STATS } from './tokens';

/**
 * Serves `mqtt.session.v1.*` in the queue group once the gateways are known (their
 * heartbeats); on shutdown stops taking requests, answers those it already has, drains NATS
 * and closes Redis.
 */
@Injectable()
export class SessionHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server: RpcServer | undefined;
  private readonly registry: NodeRegistry;

  constructor(
    @Inject(SESSION_CONFIG) private readonly config: SessionConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(REDIS) private readonly redis: Redis | Cluster,
    @Inject(RPC_STATS) private readonly stats: RpcStats,
  ) {
    this.registry = new NodeRegistry(nc, {
      onError: (context, err) => logger.warn({ err, context }, 'ignored a node heartbeat'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.registry.start();
    await sleep(this.config.SESSION_NODE_DISCOVERY_MS);
    const store = new RedisSessionStore(
      this.redis,
      `${this.config.REDIS_KEY_PREFIX}:session`,
      (context, err) => this.logger.error({ err, context }, 'session store error'),
    );
    const service = new SessionService(store, {
      nodes: new RpcClient(this.nc, {
        timeoutMs: this.config.SESSION_NODE_TIMEOUT_MS,
        retry: { attempts: 2, baseDelayMs: 25, maxDelayMs: 100 },
      }),
      liveNodes: () => this.registry.alive().map((n) => n.nodeId),
      sessionExpiryMs: this.config.MQTT_SESSION_EXPIRY_SECONDS * 1000,
      onError: (operation, err) => this.logger.error({ operation, err }, 'session store failed'),
    });
    this.server = new RpcServer(this.nc, {
      queue: this.config.SESSION_QUEUE_GROUP,
      onError: (subject, err) => this.logger.error({ subject, err }, 'request failed'),
      stats: this.stats,
    });
    service.register(this.server);
    await this.nc.flush();
    this.logger.info(
      {
        queue: this.config.SESSION_QUEUE_GROUP,
        subjects: Object.values(SUBJECTS.session),
        nodes: this.registry.alive().map((n) => n.nodeId),
      },
      'session service ready',
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.server?.stop();
    this.registry.stop();
    await this.nc.drain().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
    this.logger.info('session service stopped');
  }
}
