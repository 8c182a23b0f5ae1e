// class-transformer's @Type reads decorator metadata: load the Reflect polyfill with the DTOs.
import 'reflect-metadata';
export {
  ERROR_CODES,
  ERROR_HEADER,
  type ErrorBody,
  ErrorBodyDto,
  type ErrorCode,
  type ErrorEnvelope,
  ErrorEnvelopeDto,
  errorEnvelope,
} from './lib/rpc/error-envelope';
export { type Validated, validateDto } from './lib/rpc/validate-dto';
export { type BinaryContract, type JsonContract, SUBJECT_PATTERN } from './lib/rpc/contract';
export {
  decodeTopicHeader,
  encodeTopicHeader,
  type HeaderReader,
  META_HEADER,
  parseQosHeader,
} from './lib/rpc/headers';
export { IsTopicFilter, IsTopicForAction, IsTopicName } from './lib/rpc/topic-rules';
export { SUBJECTS } from './lib/subjects';
export {
  type Qos,
  readRetainedMessageMeta,
  RetainedMessageMeta,
  retainedMessageHeaders,
} from './lib/retain/retained-message-meta';
export { RETAIN_SET, RetainSetReply } from './lib/retain/retain-set';
export { RETAIN_GET, RetainGetRequest } from './lib/retain/retain-get';
export { RETAIN_DELETE, RetainDeleteReply, RetainDeleteRequest } from './lib/retain/retain-delete';
export { RETAIN_MATCH, RetainMatchRequest } from './lib/retain/retain-match';
export { RETAIN_COUNT, RetainCountReply, RetainCountRequest } from './lib/retain/retain-count';
export {
  decodeMatchFrames,
  encodeMatchFrames,
  MatchFrameError,
  type RetainedRecord,
} from './lib/retain/match-frames';
export {
  AclGrantDto,
  AclSubjectDto,
  AUTH_AUTHENTICATE,
  AUTH_REFUSALS,
  AuthenticateReply,
  AuthenticateRequest,
  type AuthRefusal,
} from './lib/auth/authenticate';
export {
  AUTH_ACTIONS,
  AUTH_AUTHORIZE,
  type AuthAction,
  AuthorizeReply,
  AuthorizeRequest,
} from './lib/auth/authorize';
export { SessionClientRequest } from './lib/session/session-client';
export { SESSION_GET, SessionGetReply, SessionSubscription } from './lib/session/session-get';
export { SESSION_KICK, SessionKickReply } from './lib/session/session-kick';
export { SESSION_DELETE, SessionDeleteReply } from './lib/session/session-delete';
export { SESSION_SUBSCRIBE, SessionSubscribeRequest } from './lib/session/session-subscribe';
export {
  SESSION_UNSUBSCRIBE,
  SessionUnsubscribeReply,
  SessionUnsubscribeRequest,
} from './lib/session/session-unsubscribe';
export {
  nodeSessionContract,
  nodeSessionSubject,
  SESSION_CONTRACTS,
  SESSION_VERBS,
  type SessionVerb,
} from './lib/session/node-session';
export {
  NODE_ADMIN_CONTRACTS,
  type NodeAdminVerb,
  NodeClientsRequest,
  NodeSessionsRequest,
  NodeStatsRequest,
  nodeAdminContract,
} from './lib/admin/node-admin';
export {
  NodeClientItem,
  NodeClientPage,
  NodeSessionItem,
  NodeSessionPage,
  NodeStatsReply,
} from './lib/admin/node-admin-views';
