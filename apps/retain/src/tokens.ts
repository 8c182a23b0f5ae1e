/** Nest injection tokens of the retain app. */
export const RETAIN_CONFIG = Symbol('RETAIN_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const NATS = Symbol('NATS');
export const REDIS = Symbol('REDIS');
/** Requests answered by the app's RpcServer (read by /metrics). */
export const RPC_STATS = Symbol('RPC_STATS');
