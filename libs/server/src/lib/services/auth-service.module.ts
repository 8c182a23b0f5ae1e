import { type DynamicModule, Module } from '@nestjs/common';
import type { BrokerConfig } from '@mithqtt/config';
import { RpcStats } from '@mithqtt/nats';
import { createRedisClient } from '@mithqtt/redis';
import { connect } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { authProviders } from '../embedded/auth-providers';
import { RedisLifecycle } from '../embedded/redis-lifecycle';
import { BROKER_CONFIG, CLUSTER, LOGGER, REDIS } from '../tokens';
import { AuthRpcService, SERVICE_NATS, SERVICE_RPC_STATS } from './auth-rpc.service';
import { ServiceHealthModule } from './service-health.module';

/**
 * The auth service (apps/auth-service): the Authenticator of AUTH_MODE / AUTH_STORE behind
 * `mqtt.auth.v1.*` on NATS, with /health, /ready and /metrics on HTTP. Password hashing (scrypt, deliberately slow) and JWT/webhook checks
 * then run on these replicas instead of the gateways.
 */
@Module({})
export class AuthServiceModule {
  static forRoot(config: BrokerConfig, logger: Logger): DynamicModule {
    // The service cannot see which listener a client came through, so AUTH_ANONYMOUS=auto
    // (anonymous only on a loopback listener) resolves to "refuse" here; set `allow` to accept.
    const serviceConfig: BrokerConfig = { ...config, MQTT_HOST: '0.0.0.0', AUTH_SERVICE: 'local' };
    return {
      module: AuthServiceModule,
      // Global with its connections exported: ServiceHealthModule's probes read them.
      global: true,
      imports: [
        ServiceHealthModule.forRoot({
          nats: SERVICE_NATS,
          redis: REDIS,
          rpcStats: SERVICE_RPC_STATS,
        }),
      ],
      exports: [SERVICE_NATS, REDIS, SERVICE_RPC_STATS],
      providers: [
        { provide: BROKER_CONFIG, useValue: serviceConfig },
        { provide: LOGGER, useValue: logger },
        { provide: CLUSTER, useValue: null },
        {
          provide: REDIS,
          useFactory: () =>
            config.REDIS_URL === ''
              ? null
              : createRedisClient(config.REDIS_URL, config.REDIS_CLUSTER, logger),
        },
        RedisLifecycle,
        ...authProviders(serviceConfig, logger),
        {
          provide: SERVICE_NATS,
          useFactory: () =>
            connect({
              servers: config.CLUSTER_NATS_URL.split(','),
              name: `mqtt-auth-${config.NODE_ID}`,
              maxReconnectAttempts: -1,
            }),
        },
        { provide: SERVICE_RPC_STATS, useValue: new RpcStats() },
        AuthRpcService,
      ],
    };
  }
}
