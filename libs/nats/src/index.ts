export {
  EVENT_SUBJECT,
  HEADER,
  NatsCluster,
  PUBLISH_SUBJECT,
  type NatsClusterOptions,
} from './lib/nats-cluster';
export { connectCluster } from './lib/connect-cluster';
export {
  type KnownNode,
  MISSED_HEARTBEATS,
  NODE_HEARTBEAT_SUBJECT,
  NodeHeartbeat,
  NodeHeartbeatSender,
  NodeRegistry,
} from './lib/node-heartbeat';
