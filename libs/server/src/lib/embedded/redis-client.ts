import type { BrokerConfig } from '@mithqtt/config';
import { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * One Redis connection (or Redis Cluster client) for the node's stores; ioredis reconnects on
 * its own. Every key the stores write is hash-tagged, so Cluster needs nothing more.
 */
export function redisClient(
  config: Pick<BrokerConfig, 'REDIS_URL' | 'REDIS_CLUSTER'>,
  logger: Logger,
): Redis | Cluster {
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
