/** What the operations endpoints of a service app read (see ServiceHealthModule). */
export const HEALTH_NATS = Symbol('HEALTH_NATS');
export const HEALTH_REDIS = Symbol('HEALTH_REDIS');
export const HEALTH_RPC_STATS = Symbol('HEALTH_RPC_STATS');
