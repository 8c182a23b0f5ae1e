export {
  RpcClient,
  type CallOptions,
  type RpcClientOptions,
  parseReply,
  requireValid,
} from './rpc-client';
export {
  RpcServer,
  errorReply,
  parseRequest,
  type RawHandler,
  type RpcOutcome,
  type RpcReply,
  RpcStats,
  type RpcServerOptions,
} from './rpc-server';
export { RpcError, header } from './rpc-error';
export { DEFAULT_RETRY, NO_RETRY, backoffDelay, type RetryPolicy } from './retry-policy';
