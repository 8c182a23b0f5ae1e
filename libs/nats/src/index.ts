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
export {
  type CallOptions,
  DEFAULT_RETRY,
  NO_RETRY,
  type RawHandler,
  type RetryPolicy,
  RpcClient,
  type RpcClientOptions,
  RpcError,
  type RpcOutcome,
  type RpcReply,
  RpcServer,
  type RpcServerOptions,
  RpcStats,
  backoffDelay,
  errorReply,
  header,
  parseReply,
  parseRequest,
  requireValid,
} from './lib/rpc';
export { type CredentialChecker, serveAuth } from './lib/auth/auth-rpc-server';
export { type Admission, NatsAuthPort } from './lib/auth/nats-auth-port';
export { NatsRetainStore, type NatsRetainStoreOptions } from './lib/retain/nats-retain.store';
export { RetainService, type RetainServiceOptions } from './lib/retain/retain.service';
export { SessionService, type SessionServiceOptions } from './lib/session/session.service';
