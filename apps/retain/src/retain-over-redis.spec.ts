import { NatsRetainStore, RetainService, RpcClient, RpcServer } from '@mithqtt/nats';
import { RedisRetainStore } from '@mithqtt/redis';
import { describeRetainStoreContract, startNats, startRedis } from '@mithqtt/testing';
import { type NatsConnection, connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

// The production chain in one process: NatsRetainStore -> real nats-server -> RetainService
// -> RedisRetainStore -> real redis-server, held to the same contract as every RetainStore.
let nats: Awaited<ReturnType<typeof startNats>>;
let redisServer: Awaited<ReturnType<typeof startRedis>>;
let redis: Redis;
/** Service and client share one connection (NATS routes a request back to its sender). */
let nc: NatsConnection;
let server: RpcServer | undefined;
let n = 0;

beforeAll(async () => {
  [nats, redisServer] = await Promise.all([startNats(), startRedis()]);
  redis = new Redis(redisServer.port, '127.0.0.1');
  nc = await connect({ servers: nats.url });
});
afterAll(async () => {
  await nc.close();
  redis.disconnect();
  await Promise.all([nats.stop(), redisServer.stop()]);
});

describeRetainStoreContract(
  'NatsRetainStore -> real NATS -> RetainService -> RedisRetainStore (real redis-server)',
  async () => {
    server = new RpcServer(nc, { queue: 'retain' });
    // A fresh key prefix per test: an empty store on the same server.
    new RetainService(new RedisRetainStore(redis, `t${++n}`), {
      maxReplyBytes: 64 * 1024,
    }).register(server);
    await nc.flush();
    return new NatsRetainStore(new RpcClient(nc));
  },
  () => server?.stop(),
);
