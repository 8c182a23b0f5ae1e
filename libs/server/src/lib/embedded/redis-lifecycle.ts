import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { REDIS } from '../tokens';

/** Closes the node's Redis connection after everything that uses it has shut down. */
@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | Cluster | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    // QUIT waits for a reply: with Redis unreachable it would hold the shutdown for as long
    // as ioredis keeps reconnecting. Then just drop the connection.
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }
}
