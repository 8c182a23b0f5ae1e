import { type DynamicModule, Module } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { RpcStats } from '@mithqtt/nats';
import { createRedisClient } from '@mithqtt/redis';
import { ServiceHealthModule } from '@mithqtt/server';
import type { Logger } from 'pino';
import type { SessionConfig } from './session-config';
import { SessionHost } from './session.host';
import { LOGGER, NATS, REDIS, SESSION_CONFIG, RPC_STATS } from './tokens';

/** The session service: NATS connection, Redis client, and the RPC handlers between them;
 * /health, /ready and /metrics on HTTP (ServiceHealthModule). */
@Module({})
export class SessionModule {
  static forRoot(config: SessionConfig, logger: Logger): DynamicModule {
    return {
      module: SessionModule,
      // Global with its connections exported: ServiceHealthModule's probes read them.
      global: true,
      imports: [ServiceHealthModule.forRoot({ nats: NATS, redis: REDIS, rpcStats: RPC_STATS })],
      exports: [NATS, REDIS, RPC_STATS],
      providers: [
        { provide: SESSION_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: NATS,
          // Reconnect forever: a NATS outage pauses the service, it does not end it.
          useFactory: (): Promise<NatsConnection> =>
            connect({
              servers: config.NATS_URL.split(','),
              name: 'mithqtt-session',
              maxReconnectAttempts: -1,
              reconnectTimeWait: 500,
            }),
        },
        {
          provide: REDIS,
          useFactory: () => createRedisClient(config.REDIS_URL, config.REDIS_CLUSTER, logger),
        },
        { provide: RPC_STATS, useValue: new RpcStats() },
        SessionHost,
      ],
    };
  }
}
