import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Connections } from './connections';

/**
 * Liveness (`/health`) and readiness (`/ready`: NATS and Redis connected, which every admin
 * call needs). Checks read connection state; none makes a round trip.
 */
@ApiTags('operations (no API key)')
@Controller()
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicator: HealthIndicatorService,
    @Inject(Connections) private readonly connections: Connections,
  ) {}

  @Get('health')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicator.check('process').up()]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    const { nc, redis, registry } = this.connections;
    return this.health.check([
      () => {
        const nats = this.indicator.check('nats');
        return nc.isClosed()
          ? nats.down({ message: 'connection closed' })
          : nats.up({ server: nc.getServer(), gateways: registry.alive().length });
      },
      () => {
        const check = this.indicator.check('redis');
        return redis.status === 'ready'
          ? check.up()
          : check.down({ message: `connection ${redis.status}` });
      },
    ]);
  }
}
