export { RedisRetainStore } from './lib/redis-retain.store';
export { RedisSessionStore } from './lib/redis-session.store';
export { RedisNodeLease } from './lib/node-lease';
export { RedisAuthStore, type RedisAuthStoreOptions } from './lib/redis-auth.store';
export { createRedisClient, type RedisLogger } from './lib/redis-client';
export { RedisDurableLog } from './lib/redis-durable-log';
