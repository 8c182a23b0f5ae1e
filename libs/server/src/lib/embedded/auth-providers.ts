import { resolve } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import {
  type AclDefault,
  anonymousAllowed,
  type AnonymousPolicy,
  Authenticator,
  type AuthMode,
  type AuthStore,
  type DenialEvent,
  FileAuthStore,
  type JwtAlgorithm,
  JwtAuthenticator,
  loadJwksFile,
  loadKeyFile,
  WebhookAuthenticator,
} from '@mithqtt/auth';
import { type BrokerConfig, ConfigError } from '@mithqtt/config';
import type { AuthPort } from '@mithqtt/broker';
import { NatsAuthPort, type NatsCluster, RpcClient } from '@mithqtt/nats';
import { RedisAuthStore } from '@mithqtt/redis';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AUTH_PORT, AUTHORIZER, CLUSTER, REDIS } from '../tokens';

/** The users/ACL store (for the HTTP API's user and rule endpoints). */
export const AUTH_STORE = Symbol('AUTH_STORE');
/** The Authenticator itself, e.g. to call `invalidate()` on a cluster event. */
export const AUTHENTICATOR = Symbol('AUTHENTICATOR');

/**
 * AUTH_PORT and AUTHORIZER of the embedded broker: one Authenticator built from the AUTH_*
 * settings, over the file store (default) or Redis. Logs which mode is active at start-up.
 */
export function authProviders(config: BrokerConfig, logger: Logger): Provider[] {
  return [
    {
      provide: AUTH_STORE,
      inject: [REDIS],
      useFactory: (redis: Redis | Cluster | null) => openAuthStore(config, redis, logger),
    },
    {
      provide: AUTHENTICATOR,
      inject: [AUTH_STORE],
      useFactory: (store: AuthStore) => buildAuthenticator(config, store, logger),
    },
    {
      // AUTH_SERVICE=nats: credentials go to the auth service; the local Authenticator still
      // authorizes every PUBLISH/SUBSCRIBE from memory (rules from AUTH_STORE, grants from
      // the service's reply).
      provide: AUTH_PORT,
      inject: [AUTHENTICATOR, CLUSTER],
      useFactory: (auth: Authenticator, cluster: NatsCluster | null): AuthPort => {
        if (config.AUTH_SERVICE !== 'nats') return auth;
        if (!cluster) throw new Error('AUTH_SERVICE=nats needs the cluster NATS connection');
        // Two attempts (plus backoff) fit in AUTH_TIMEOUT_MS, the broker's bound on CONNECT; one
        // attempt must still cover a scrypt verification (~0.1-1 s) on a busy replica.
        const timeoutMs = Math.max(50, Math.floor(config.AUTH_TIMEOUT_MS * 0.45));
        return new NatsAuthPort(new RpcClient(cluster.nc, { timeoutMs }), auth, timeoutMs);
      },
    },
    { provide: AUTHORIZER, useExisting: AUTHENTICATOR },
    AuthLifecycle,
  ];
}

async function openAuthStore(
  config: BrokerConfig,
  redis: Redis | Cluster | null,
  logger: Logger,
): Promise<AuthStore> {
  const onError = (context: string, err: unknown): void => {
    logger.error({ err, context }, 'auth store error');
  };
  if (config.AUTH_STORE === 'redis') {
    if (!redis) {
      throw new ConfigError([
        { setting: 'AUTH_STORE', problem: 'redis needs REDIS_URL to be set' },
      ]);
    }
    return new RedisAuthStore(redis, config.REDIS_KEY_PREFIX, {
      pollMs: config.AUTH_RELOAD_MS,
      onError,
    });
  }
  return FileAuthStore.open(resolve(config.AUTH_FILE), {
    watchIntervalMs: config.AUTH_RELOAD_MS,
    onReloadError: (err) => onError('auth.reload', err),
  });
}

async function buildAuthenticator(
  config: BrokerConfig,
  store: AuthStore,
  logger: Logger,
): Promise<Authenticator> {
  const mode = config.AUTH_MODE as AuthMode;
  const anonymous = anonymousAllowed(config.AUTH_ANONYMOUS as AnonymousPolicy, config.MQTT_HOST);
  const auth = await Authenticator.create({
    store,
    mode,
    anonymous,
    aclDefault: config.AUTH_ACL_DEFAULT as AclDefault,
    cacheClients: config.AUTH_ACL_CACHE_CLIENTS,
    jwt: mode === 'jwt' ? await jwtAuthenticator(config) : undefined,
    webhook: mode === 'webhook' ? webhookAuthenticator(config) : undefined,
    onDenied: denialLog(logger),
  });
  const users = (await store.listUsers()).length;
  const state = {
    mode,
    anonymous: anonymous ? 'allowed' : 'refused',
    anonymousPolicy: config.AUTH_ANONYMOUS,
    mqttHost: config.MQTT_HOST,
    store: config.AUTH_STORE === 'redis' ? 'redis' : resolve(config.AUTH_FILE),
    users,
    rules: auth.ruleCount,
    aclDefault: auth.defaultAllows ? 'allow' : 'deny',
  };
  const message =
    `authentication: ${mode}, anonymous clients ${state.anonymous}` +
    (config.AUTH_ANONYMOUS === 'auto' ? ` (MQTT_HOST ${config.MQTT_HOST})` : '') +
    `, ${auth.ruleCount} ACL rule(s), unmatched topics ${state.aclDefault}ed`;
  if (anonymous && auth.defaultAllows) logger.warn(state, message);
  else logger.info(state, message);
  return auth;
}

async function jwtAuthenticator(config: BrokerConfig): Promise<JwtAuthenticator> {
  const keys =
    config.AUTH_JWT_JWKS_FILE !== ''
      ? await loadJwksFile(resolve(config.AUTH_JWT_JWKS_FILE))
      : [
          await loadKeyFile(
            resolve(config.AUTH_JWT_KEY_FILE),
            config.AUTH_JWT_ALGORITHM as JwtAlgorithm,
          ),
        ];
  return new JwtAuthenticator({
    keys,
    issuer: config.AUTH_JWT_ISSUER || undefined,
    audience: config.AUTH_JWT_AUDIENCE || undefined,
    leewaySeconds: config.AUTH_JWT_LEEWAY_SECONDS,
    usernameClaim: config.AUTH_JWT_USERNAME_CLAIM,
    aclClaim: config.AUTH_JWT_ACL_CLAIM || undefined,
  });
}

function webhookAuthenticator(config: BrokerConfig): WebhookAuthenticator {
  return new WebhookAuthenticator({
    url: config.AUTH_WEBHOOK_URL,
    timeoutMs: config.AUTH_WEBHOOK_TIMEOUT_MS,
    cacheTtlMs: config.AUTH_WEBHOOK_CACHE_TTL_MS,
    cacheSize: config.AUTH_WEBHOOK_CACHE_SIZE,
  });
}

/** Denials are logged (never a password or token), at most 20 lines a second. */
function denialLog(logger: Logger): (event: DenialEvent) => void {
  const PER_SECOND = 20;
  let windowStart = 0;
  let logged = 0;
  let suppressed = 0;
  return (event) => {
    const now = Date.now();
    if (now - windowStart >= 1000) {
      if (suppressed > 0) logger.warn({ suppressed }, 'auth denials not logged (over 20/s)');
      windowStart = now;
      logged = 0;
      suppressed = 0;
    }
    if (logged++ < PER_SECOND) logger.warn(event, `auth: ${event.kind} denied`);
    else suppressed++;
  };
}

/** Stops the store's watching when the application shuts down. */
@Injectable()
class AuthLifecycle implements OnApplicationShutdown {
  constructor(@Inject(AUTHENTICATOR) private readonly auth: Authenticator) {}

  onApplicationShutdown(): Promise<void> {
    return this.auth.close();
  }
}
