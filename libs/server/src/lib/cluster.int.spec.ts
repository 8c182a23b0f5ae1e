import { startNats, startRedis } from '@mithqtt/testing';
import { describeClusterBehaviour } from '../test/cluster-behaviour';

// Two nodes on one nats-server and one redis-server.
describeClusterBehaviour(
  'two nodes, one nats-server, one redis-server',
  async () => {
    const nats = await startNats();
    const redis = await startRedis();
    return {
      natsUrls: [nats.url, nats.url],
      backendNatsUrl: nats.url,
      redisUrl: redis.url,
      redisCluster: false,
      async stop() {
        await nats.stop();
        await redis.stop();
      },
    };
  },
  { sharedNatsServer: true },
);
