/** Nest injection tokens of the HTTP API app. */
export const HTTP_API_CONFIG = Symbol('HTTP_API_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const NATS = Symbol('NATS');
export const REDIS = Symbol('REDIS');
