export { describeRetainStoreContract } from './lib/retain-store.contract';
export { describeSessionStoreContract } from './lib/session-store.contract';
export { freePort, freePorts } from './lib/free-port';
export { findBinary, type SpawnedServer, spawnServer } from './lib/spawn-server';
export { startRedis } from './lib/redis-server';
export { startNats } from './lib/nats-server';
export { type RedisCluster, startRedisCluster } from './lib/redis-cluster';
export { type NatsCluster, startNatsCluster } from './lib/nats-cluster';
export { describeAuthStoreContract } from './lib/auth-store.contract';
export {
  expectLiveAndReady,
  httpReadyPort,
  probe,
  type ProbeAnswer,
  probeUntil,
} from './lib/service-http';
