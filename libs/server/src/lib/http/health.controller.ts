import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { MqttListenerService } from '../mqtt/mqtt-listener.service';

/** Liveness (`/health`) and readiness (`/ready`) for orchestrators and load balancers. */
@ApiTags('operations (no API key)')
@Controller()
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicator: HealthIndicatorService,
    @Inject(MqttListenerService) private readonly mqtt: MqttListenerService,
  ) {}

  @Get('health')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicator.check('process').up()]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => {
        const session = this.indicator.check('mqtt');
        return this.mqtt.listening
          ? session.up({ port: this.mqtt.port, connections: this.mqtt.broker.connectionCount })
          : session.down({ message: 'listener not bound' });
      },
    ]);
  }
}
