import { Cluster, Redis } from 'ioredis';

/** What the client reports connection trouble to (a pino logger fits). */
export interface RedisLogger {
  error(details: object, message: string): void;
  info(message: string): void;
}

/**
 * One Redis connection, or a Redis Cluster client when `cluster` (`url` then lists seed nodes,
 * comma-separated); ioredis reconnects on its own. Every key the stores write is hash-tagged,
 * so Cluster needs nothing more. Connection errors are logged once per outage (without a
 * listener ioredis prints every retry as an "Unhandled error event"); commands meanwhile fail
 * after their retries and the callers decide.
 */
export function createRedisClient(
  url: string,
  cluster: boolean,
  logger: RedisLogger,
): Redis | Cluster {
  const urls = url.split(',');
  let client: Redis | Cluster;
  if (!cluster) {
    if (urls.length > 1) {
      throw new Error('REDIS_URL lists several nodes: set REDIS_CLUSTER=true for a Redis Cluster');
    }
    client = new Redis(url, { maxRetriesPerRequest: 3, enableOfflineQueue: true });
  } else {
    const nodes = urls.map((u) => {
      const parsed = new URL(u);
      return { host: parsed.hostname, port: Number(parsed.port || 6379) };
    });
    client = new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: 3 } });
  }
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
