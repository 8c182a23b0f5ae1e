import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { REDIS } from '../tokens';

/** Closes the node's Redis connection after everything that uses it has shut down. */
@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | Cluster | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit();
  }
}
