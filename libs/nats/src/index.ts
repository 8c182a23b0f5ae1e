export {
  EVENT_SUBJECT,
  HEADER,
  NatsCluster,
  PUBLISH_SUBJECT,
  type NatsClusterOptions,
} from './lib/nats-cluster';
export { connectCluster } from './lib/connect-cluster';
