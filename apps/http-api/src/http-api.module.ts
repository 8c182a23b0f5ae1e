import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { AuthStore } from '@mithqtt/auth';
import type { RetainStore } from '@mithqtt/broker';
import { AdminApiModule, type AdminApiSettings, ClusterAdmin } from '@mithqtt/http-api';
import { NatsRetainStore, RpcClient } from '@mithqtt/nats';
import { createRedisClient, RedisAuthStore, RedisRetainStore } from '@mithqtt/redis';
import {
  AUTH_CHANGED_SUBJECT,
  type AuthChangedEvent,
  LivenessController,
  notifyingAuthStore,
} from '@mithqtt/server';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { Connections } from './connections';
import { HealthController } from './health.controller';
import { HttpMetrics, HttpMetricsController } from './http-metrics';
import type { HttpApiConfig } from './http-api-config';
import { HTTP_API_CONFIG, LOGGER, NATS, REDIS } from './tokens';

/** Who announces auth changes (AuthChangedEvent.nodeId): this app is not a gateway node. */
const EVENT_SOURCE = 'http-api';

/** NATS, Redis and the gateway registry, shared by the admin API and the health checks. */
@Module({})
class ConnectionsModule {
  static forRoot(config: HttpApiConfig, logger: Logger): DynamicModule {
    return {
      module: ConnectionsModule,
      global: true,
      providers: [
        { provide: HTTP_API_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: NATS,
          // Reconnect forever: a NATS outage makes calls fail with 503, it does not end the app.
          useFactory: (): Promise<NatsConnection> =>
            connect({
              servers: config.NATS_URL.split(','),
              name: 'mithqtt-http-api',
              maxReconnectAttempts: -1,
              reconnectTimeWait: 500,
            }),
        },
        {
          provide: REDIS,
          useFactory: () => createRedisClient(config.REDIS_URL, config.REDIS_CLUSTER, logger),
        },
        Connections,
      ],
      exports: [HTTP_API_CONFIG, LOGGER, NATS, REDIS, Connections],
    };
  }
}

/**
 * The HTTP API app of the distributed deployment: the admin API (/api/v1) over ClusterAdmin
 * (every gateway, over NATS), users and ACL rules in the gateways' Redis, /health and /ready.
 */
@Module({})
export class HttpApiAppModule {
  static forRoot(config: HttpApiConfig, logger: Logger): DynamicModule {
    return {
      module: HttpApiAppModule,
      imports: [
        ConnectionsModule.forRoot(config, logger),
        TerminusModule.forRoot({ logger: false }),
        AdminApiModule.forRoot({
          admin: {
            inject: [Connections],
            useFactory: (c: Connections) => {
              const rpc = new RpcClient(c.nc, { timeoutMs: config.HTTP_API_NODE_TIMEOUT_MS });
              const retain: RetainStore =
                config.RETAIN_SERVICE === 'nats'
                  ? new NatsRetainStore(new RpcClient(c.nc), {
                      timeoutMs: config.RETAIN_TIMEOUT_MS,
                    })
                  : new RedisRetainStore(c.redis, `${config.REDIS_KEY_PREFIX}:retain`);
              return new ClusterAdmin({
                rpc,
                retain,
                nodes: () => c.registry.alive(),
                nodeTimeoutMs: config.HTTP_API_NODE_TIMEOUT_MS,
              });
            },
          },
          authStore: {
            // Every write is announced at once, so gateways drop cached decisions (they do not
            // poll Redis when AUTH_RELOAD_MS=0).
            inject: [Connections],
            useFactory: (c: Connections): AuthStore =>
              notifyingAuthStore(
                new RedisAuthStore(c.redis, config.REDIS_KEY_PREFIX, {
                  pollMs: 0,
                  onError: (context, err) => logger.error({ err, context }, 'auth store error'),
                }),
                (what) => {
                  const event: AuthChangedEvent = {
                    nodeId: EVENT_SOURCE,
                    what,
                    at: new Date().toISOString(),
                  };
                  c.nc.publish(AUTH_CHANGED_SUBJECT, JSON.stringify(event));
                },
              ),
          },
          settings: {
            useFactory: (): AdminApiSettings => ({
              keysFile: config.HTTP_API_KEYS_FILE,
              onError: (context, err) => logger.error({ err, context }, 'HTTP API error'),
            }),
          },
        }),
      ],
      controllers: [LivenessController, HealthController, HttpMetricsController],
      providers: [HttpMetrics],
    };
  }
}
