export { describeRetainStoreContract } from './lib/retain-store.contract';
export { describeSessionStoreContract } from './lib/session-store.contract';
export { freePort } from './lib/free-port';
export { findBinary, type SpawnedServer, spawnServer } from './lib/spawn-server';
export { startRedis } from './lib/redis-server';
export { startNats } from './lib/nats-server';
