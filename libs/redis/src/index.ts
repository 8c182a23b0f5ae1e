export { RedisRetainStore } from './lib/redis-retain.store';
