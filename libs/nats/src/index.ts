export { EVENT_SUBJECT, HEADER, NatsCluster, type NatsClusterOptions } from './lib/nats-cluster';
export { connectCluster } from './lib/connect-cluster';
