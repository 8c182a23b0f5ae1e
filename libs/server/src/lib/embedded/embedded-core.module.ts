import { type DynamicModule, Global, Module } from '@nestjs/common';
import { MemoryRetainStore } from '@mithqtt/broker';
import type { BrokerConfig } from '@mithqtt/config';
import type { Logger } from 'pino';
import { connectCluster, NatsRetainStore, type NatsCluster, RpcClient } from '@mithqtt/nats';
import {
  createRedisClient,
  RedisDurableLog,
  RedisRetainStore,
  RedisSessionStore,
} from '@mithqtt/redis';
import type { Cluster, Redis } from 'ioredis';
import {
  AUTH_PORT,
  AUTHORIZER,
  BROKER_CONFIG,
  CLUSTER,
  DURABLE_LOG,
  LOGGER,
  REDIS,
  RETAIN_STORE,
  SESSION_STORE,
} from '../tokens';
import { AUTH_STORE, AUTHENTICATOR, authProviders } from './auth-providers';
import { RedisLifecycle } from './redis-lifecycle';

/**
 * In-process adapters for every port (the embedded deployment): config, logger, auth
 * (users and ACL rules per AUTH_*, see auth-providers.ts), retained messages in memory, and
 * optionally the NATS link to other nodes.
 */
@Global()
@Module({})
export class EmbeddedCoreModule {
  static forRoot(config: BrokerConfig, logger: Logger): DynamicModule {
    return {
      module: EmbeddedCoreModule,
      providers: [
        { provide: BROKER_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        ...authProviders(config, logger),
        {
          provide: REDIS,
          useFactory: () =>
            config.REDIS_URL === ''
              ? null
              : createRedisClient(config.REDIS_URL, config.REDIS_CLUSTER, logger),
        },
        {
          // RETAIN_SERVICE=nats: the retain service (apps/retain) over mqtt.retain.v1.*;
          // otherwise Redis when configured, else this process's memory.
          provide: RETAIN_STORE,
          inject: [REDIS, CLUSTER],
          useFactory: (redis: Redis | Cluster | null, cluster: NatsCluster | null) => {
            if (config.RETAIN_SERVICE === 'nats' && cluster) {
              return new NatsRetainStore(new RpcClient(cluster.nc), {
                timeoutMs: config.RETAIN_TIMEOUT_MS,
              });
            }
            return redis
              ? new RedisRetainStore(redis, `${config.REDIS_KEY_PREFIX}:retain`)
              : new MemoryRetainStore();
          },
        },
        {
          // Persistent sessions in Redis follow their client to any node and survive this
          // one; without Redis they live in this node's memory only.
          provide: SESSION_STORE,
          inject: [REDIS],
          useFactory: (redis: Redis | Cluster | null) =>
            redis
              ? new RedisSessionStore(redis, `${config.REDIS_KEY_PREFIX}:session`, (context, err) =>
                  logger.error({ err, context }, 'session store error'),
                )
              : null,
        },
        {
          // DURABILITY=strict: QoS 1/2 messages are logged in Redis before their PUBACK.
          provide: DURABLE_LOG,
          inject: [REDIS],
          useFactory: async (redis: Redis | Cluster | null) => {
            if (config.DURABILITY !== 'strict' || !redis) return null;
            const log = new RedisDurableLog(
              redis,
              config.NODE_ID,
              config.DURABILITY_LOG_RETENTION_MS,
              config.REDIS_KEY_PREFIX,
            );
            await log.init();
            return log;
          },
        },
        RedisLifecycle,
        {
          // Optional: with CLUSTER_NATS_URL the node routes messages to and from other nodes.
          provide: CLUSTER,
          useFactory: async () =>
            config.CLUSTER_NATS_URL === ''
              ? null
              : connectCluster(config.CLUSTER_NATS_URL, {
                  prefix: config.CLUSTER_SUBJECT_PREFIX,
                  nodeId: config.NODE_ID,
                  onError: (context, err) => logger.error({ err, context }, 'cluster error'),
                }),
        },
      ],
      exports: [
        BROKER_CONFIG,
        LOGGER,
        AUTH_PORT,
        AUTHORIZER,
        AUTH_STORE,
        AUTHENTICATOR,
        RETAIN_STORE,
        SESSION_STORE,
        DURABLE_LOG,
        CLUSTER,
        REDIS,
      ],
    };
  }
}
