import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';

/**
 * Liveness (`/health`) of every app with an HTTP listener: up while the process runs. It never
 * looks at NATS or Redis (that is readiness, `/ready`): restarting a process because a
 * dependency is down would not bring the dependency back.
 */
@ApiTags('operations (no API key)')
@Controller()
export class LivenessController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicator: HealthIndicatorService,
  ) {}

  @Get('health')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicator.check('process').up()]);
  }
}
