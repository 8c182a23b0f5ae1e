import { Controller, Get, Inject, Optional } from '@nestjs/common';
import type { NatsCluster } from '@mithqtt/nats';
import type { Cluster, Redis } from 'ioredis';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { MqttListenerService } from '../mqtt/mqtt-listener.service';
import { CLUSTER, REDIS } from '../tokens';
import { natsCheck, redisCheck } from './connection-checks';

/**
 * Readiness (`/ready`) for orchestrators and load balancers (`/health`: LivenessController).
 * Ready means: the MQTT listener is bound and, where configured, NATS and Redis are connected (a
 * node cut off from them would accept clients it cannot route or whose sessions it cannot
 * keep). Checks read connection state; none makes a round trip.
 */
@ApiTags('operations (no API key)')
@Controller()
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicator: HealthIndicatorService,
    @Inject(MqttListenerService) private readonly mqtt: MqttListenerService,
    @Optional() @Inject(CLUSTER) private readonly cluster: NatsCluster | null,
    @Optional() @Inject(REDIS) private readonly redis: Redis | Cluster | null,
  ) {}

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
      () => natsCheck(this.indicator, this.cluster?.nc ?? null),
      () => redisCheck(this.indicator, this.redis),
    ]);
  }
}
