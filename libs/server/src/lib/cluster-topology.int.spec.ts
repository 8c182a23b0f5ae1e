import { startNatsCluster, startRedisCluster } from '@mithqtt/testing';
import { describeClusterBehaviour } from '../test/cluster-behaviour';

// The production topology: each node on a different server of a 3-node NATS cluster (the
// backend on the third), state in a 6-node Redis Cluster (3 primaries, 3 replicas).
describeClusterBehaviour(
  'two nodes, 3-node NATS cluster, 6-node Redis Cluster',
  async () => {
    const nats = await startNatsCluster(3);
    const redis = await startRedisCluster(3, 1);
    return {
      natsUrls: [nats.urls[0] as string, nats.urls[1] as string],
      backendNatsUrl: nats.urls[2] as string,
      redisUrl: redis.url,
      redisCluster: true,
      async stop() {
        await nats.stop();
        await redis.stop();
      },
    };
  },
  { sharedNatsServer: false },
);
