import { type DynamicModule, Module } from '@nestjs/common';
import type { BrokerConfig } from '@mithqtt/config';
import { createRedisClient } from '@mithqtt/redis';
import { connect } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { authProviders } from '../embedded/auth-providers';
import { RedisLifecycle } from '../embedded/redis-lifecycle';
import { BROKER_CONFIG, CLUSTER, LOGGER, REDIS } from '../tokens';
import { AuthRpcService, SERVICE_NATS } from './auth-rpc.service';

/**
 * The auth service (apps/auth-service): the Authenticator of AUTH_MODE / AUTH_STORE behind
 * `mqtt.auth.v1.*` on NATS. Password hashing (scrypt, deliberately slow) and JWT/webhook checks
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
        AuthRpcService,
      ],
    };
  }
}
