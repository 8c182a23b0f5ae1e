import { Controller, Get, Inject } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Cluster, Redis } from 'ioredis';
import { natsCheck, redisCheck } from '../http/connection-checks';
import { HEALTH_NATS, HEALTH_REDIS } from './service-health.tokens';

/**
 * Readiness (`/ready`) of a NATS service app: auth, retain, session (`/health`:
 * LivenessController). Ready means its NATS connection is not closed and its Redis client,
 * where configured, is connected: a replica without Redis answers every request with an
 * error, so it should leave the load balancer's rotation.
 */
@Controller()
export class ServiceHealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicator: HealthIndicatorService,
    @Inject(HEALTH_NATS) private readonly nc: NatsConnection,
    @Inject(HEALTH_REDIS) private readonly redis: Redis | Cluster | null,
  ) {}

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => natsCheck(this.indicator, this.nc),
      () => redisCheck(this.indicator, this.redis),
    ]);
  }
}
