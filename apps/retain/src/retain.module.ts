import { type DynamicModule, Module } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { RpcStats } from '@mithqtt/nats';
import { createRedisClient } from '@mithqtt/redis';
import { ServiceHealthModule } from '@mithqtt/server';
import type { Logger } from 'pino';
import { LOGGER, NATS, REDIS, RETAIN_CONFIG, RPC_STATS } from './tokens';
import { RetainConfig } from './retain-config';
import { RetainHost } from './retain.host';

/** The retain service: NATS connection, Redis client, and the RPC handlers between them;
 * /health, /ready and /metrics on HTTP (ServiceHealthModule). */
@Module({})
export class RetainModule {
  static forRoot(config: RetainConfig, logger: Logger): DynamicModule {
    return {
      module: RetainModule,
      // Global with its connections exported: ServiceHealthModule's probes read them.
      global: true,
      imports: [ServiceHealthModule.forRoot({ nats: NATS, redis: REDIS, rpcStats: RPC_STATS })],
      exports: [NATS, REDIS, RPC_STATS],
      providers: [
        { provide: RETAIN_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: NATS,
          // Reconnect forever: a NATS outage pauses the service, it does not end it.
          useFactory: (): Promise<NatsConnection> =>
            connect({
              servers: config.NATS_URL.split(','),
              name: 'mithqtt-retain',
              maxReconnectAttempts: -1,
              reconnectTimeWait: 500,
            }),
        },
        {
          provide: REDIS,
          useFactory: () => createRedisClient(config.REDIS_URL, config.REDIS_CLUSTER, logger),
        },
        { provide: RPC_STATS, useValue: new RpcStats() },
        RetainHost,
      ],
    };
  }
}
