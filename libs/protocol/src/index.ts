export { Channel, type ChannelPhase } from './lib/channel';
export { type ChannelConfig, defaultChannelConfig } from './lib/config';
export { Deque, type ReadonlyDeque } from './lib/deque';
export type {
  ChannelHost,
  ClientIdentity,
  CloseReason,
  ConnectRequest,
  ConnectResult,
  OutgoingPublish,
} from './lib/host';
export type { Message, QueuedMessage } from './lib/message';
export {
  type DropPolicy,
  type InflightEntry,
  type QueueLimits,
  Session,
  type SessionOwner,
  type DrainWaiter,
  type SessionObserver,
  type SubscriptionOptions,
} from './lib/session';
