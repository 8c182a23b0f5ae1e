import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { natsCheck, redisCheck } from '@mithqtt/server';
import { Connections } from './connections';

/**
 * Readiness (`/ready`: NATS and Redis connected, which every admin call needs; `/health` is
 * LivenessController's). Checks read connection state; none makes a round trip.
 */
@ApiTags('operations (no API key)')
@Controller()
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicator: HealthIndicatorService,
    @Inject(Connections) private readonly connections: Connections,
  ) {}

  @Get('ready')
  @HealthCheck()
  ready() {
    const { nc, redis, registry } = this.connections;
    return this.health.check([
      () => natsCheck(this.indicator, nc, { gateways: registry.alive().length }),
      () => redisCheck(this.indicator, redis),
    ]);
  }
}
