export { RedisRetainStore } from './lib/redis-retain.store';
export { RedisSessionStore } from './lib/redis-session.store';
