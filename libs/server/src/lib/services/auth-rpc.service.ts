import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Authenticator } from '@mithqtt/auth';
import type { BrokerConfig } from '@mithqtt/config';
import { RpcServer, type RpcStats, serveAuth } from '@mithqtt/nats';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { AUTHENTICATOR } from '../embedded/auth-providers';
import { BROKER_CONFIG, LOGGER } from '../tokens';

/** Nest token of the service's own NATS connection. */
export const SERVICE_NATS = Symbol('SERVICE_NATS');
/** Nest token of the RpcStats its requests are counted in (read by /metrics). */
export const SERVICE_RPC_STATS = Symbol('SERVICE_RPC_STATS');

/**
 * Serves `mqtt.auth.v1.authenticate` / `authorize` in the AUTH_QUEUE_GROUP queue group: any
 * number of replicas share the requests. On shutdown, requests already received are answered
 * before the connection drains, so stopping a replica loses none.
 */
@Injectable()
export class AuthRpcService implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: RpcServer | undefined;

  constructor(
    @Inject(SERVICE_NATS) private readonly nc: NatsConnection,
    @Inject(AUTHENTICATOR) private readonly auth: Authenticator,
    @Inject(BROKER_CONFIG) private readonly config: BrokerConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(SERVICE_RPC_STATS) private readonly stats: RpcStats,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.server = new RpcServer(this.nc, {
      queue: this.config.AUTH_QUEUE_GROUP,
      onError: (subject, err) => this.log.error({ err, subject }, 'auth RPC failed'),
      stats: this.stats,
    });
    serveAuth(this.server, this.auth);
    await this.nc.flush();
    this.log.info(
      { queue: this.config.AUTH_QUEUE_GROUP, nats: this.nc.getServer() },
      'auth service: serving mqtt.auth.v1.authenticate and mqtt.auth.v1.authorize',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.stop();
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
