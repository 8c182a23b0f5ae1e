import { type DynamicModule, Global, Module } from '@nestjs/common';
import { MemoryRetainStore } from '@mithqtt/broker';
import type { BrokerConfig } from '@mithqtt/config';
import type { Logger } from 'pino';
import { connectCluster } from '@mithqtt/nats';
import { RedisRetainStore, RedisSessionStore } from '@mithqtt/redis';
import { Cluster, Redis } from 'ioredis';
import {
  AUTH_PORT,
  AUTHORIZER,
  BROKER_CONFIG,
  CLUSTER,
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
          useFactory: () => (config.REDIS_URL === '' ? null : redisClient(config, logger)),
        },
        {
          provide: RETAIN_STORE,
          inject: [REDIS],
          useFactory: (redis: Redis | Cluster | null) =>
            redis
              ? new RedisRetainStore(redis, `${config.REDIS_KEY_PREFIX}:retain`)
              : new MemoryRetainStore(),
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
        CLUSTER,
        REDIS,
      ],
    };
  }
}

/**
 * One Redis connection (or Redis Cluster client) for the node's stores; ioredis reconnects on
 * its own. Every key the stores write is hash-tagged, so Cluster needs nothing more.
 */
function redisClient(config: BrokerConfig, logger: Logger): Redis | Cluster {
  const urls = config.REDIS_URL.split(',');
  if (!config.REDIS_CLUSTER) {
    if (urls.length > 1) {
      throw new Error('REDIS_URL lists several nodes: set REDIS_CLUSTER=true for a Redis Cluster');
    }
    return logErrors(
      new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, enableOfflineQueue: true }),
      logger,
    );
  }
  const nodes = urls.map((u) => {
    const url = new URL(u);
    return { host: url.hostname, port: Number(url.port || 6379) };
  });
  return logErrors(new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: 3 } }), logger);
}

/**
 * Connection errors are logged (once per outage, not per retry); without a listener ioredis
 * prints every retry as an "Unhandled error event". Commands meanwhile fail after their
 * retries, and the callers decide (e.g. CONNACK 0x03 for a persistent session).
 */
function logErrors<T extends Redis | Cluster>(client: T, logger: Logger): T {
  let down = false;
  client.on('error', (err: Error) => {
    if (!down) logger.error({ err: err.message }, 'redis unavailable');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info('redis available again');
    down = false;
  });
  return client;
}
