/** Nest injection tokens for non-class providers (ports are interfaces, so they need tokens). */
export const BROKER_CONFIG = Symbol('BROKER_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const AUTH_PORT = Symbol('AUTH_PORT');
export const AUTHORIZER = Symbol('AUTHORIZER');
export const RETAIN_STORE = Symbol('RETAIN_STORE');
export const CLUSTER = Symbol('CLUSTER');
export const REDIS = Symbol('REDIS');
export const SESSION_STORE = Symbol('SESSION_STORE');
/** Strict durability's log (null unless DURABILITY=strict). */
export const DURABLE_LOG = Symbol('DURABLE_LOG');
