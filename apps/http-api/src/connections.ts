import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { NodeRegistry } from '@mithqtt/nats';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Cluster, Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { HttpApiConfig } from './http-api-config';
import { HTTP_API_CONFIG, LOGGER, NATS, REDIS } from './tokens';

/**
 * The app's NATS and Redis connections and the live-gateway registry. Start-up waits one
 * discovery period so the first list already asks every gateway; shutdown (after the HTTP
 * server stopped taking requests) drains NATS and closes Redis.
 */
@Injectable()
export class Connections implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly registry: NodeRegistry;

  constructor(
    @Inject(HTTP_API_CONFIG) private readonly config: HttpApiConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(NATS) readonly nc: NatsConnection,
    @Inject(REDIS) readonly redis: Redis | Cluster,
  ) {
    this.registry = new NodeRegistry(nc, {
      onError: (context, err) => this.log.warn({ err, context }, 'bad node heartbeat'),
    });
    this.registry.start();
  }

  async onApplicationBootstrap(): Promise<void> {
    await sleep(this.config.HTTP_API_NODE_DISCOVERY_MS);
    this.log.info(
      { nodes: this.registry.alive().map((n) => n.nodeId) },
      'gateway nodes heard so far',
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.registry.stop();
    await this.nc.drain().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
  }
}
