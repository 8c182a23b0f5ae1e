export { Broker, type BrokerOptions, type FlowControlledPublisher } from './lib/broker';
export { BrokerStats } from './lib/stats';
export type { AuthPort, AuthenticationResult, Authorizer } from './lib/ports/auth.port';
export type { RetainStore } from './lib/ports/retain.port';
export type { SessionStore, StoredSession } from './lib/ports/session.port';
export { MemorySessionStore } from './lib/memory/memory-session.store';
export type {
  ClientConnectedEvent,
  ClientDisconnectedEvent,
  ClusterPort,
  SubscriptionEvent,
} from './lib/ports/cluster.port';
export { AllowAllAuth } from './lib/memory/allow-all';
export { MemoryRetainStore } from './lib/memory/memory-retain.store';
export { TopicTrie } from './lib/memory/retain-trie';
export type { DurableLog, LoggedMessage, NodeCheckpoint } from './lib/ports/durable-log.port';
export { MemoryDurableLog } from './lib/memory/memory-durable-log';
export { compareLogIds, laterLogId, LogIdGenerator, logIdAt } from './lib/durable/log-id';
export { type Deferred, deferred } from './lib/durable/deferred';
