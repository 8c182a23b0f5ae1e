import type { NatsConnection } from '@nats-io/transport-node';
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { Cluster, Redis } from 'ioredis';

/**
 * The readiness checks every app's `/ready` shares (gateway, HTTP API app, NATS services).
 * They read connection state and make no round trip, so a probe never waits on a network.
 */

/** `nats`: up unless the connection is closed (clients reconnect forever, so closed is final). */
export function natsCheck(
  indicator: HealthIndicatorService,
  nc: NatsConnection | null,
  details: Record<string, unknown> = {},
): HealthIndicatorResult {
  const check = indicator.check('nats');
  if (!nc) return check.up({ configured: false });
  return nc.isClosed()
    ? check.down({ message: 'connection closed' })
    : check.up({ server: nc.getServer(), ...details });
}

/** `redis`: up only while the client is connected (`ready`); not configured counts as up. */
export function redisCheck(
  indicator: HealthIndicatorService,
  redis: Redis | Cluster | null,
): HealthIndicatorResult {
  const check = indicator.check('redis');
  if (!redis) return check.up({ configured: false });
  return redis.status === 'ready'
    ? check.up()
    : check.down({ message: `connection ${redis.status}` });
}
