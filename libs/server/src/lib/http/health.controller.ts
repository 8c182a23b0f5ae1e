import { Controller, Get, Inject, Optional } from '@nestjs/common';
import type { NatsCluster } from '@mithqtt/nats';
import type { Cluster, Redis } from 'ioredis';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { MqttListenerService } from '../mqtt/mqtt-listener.service';
import { CLUSTER, REDIS } from '../tokens';

/**
 * Liveness (`/health`) and readiness (`/ready`) for orchestrators and load balancers. Ready
 * means: the MQTT listener is bound and, where configured, NATS and Redis are connected (a
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
      () => {
        const nats = this.indicator.check('nats');
        if (!this.cluster) return nats.up({ configured: false });
        return this.cluster.nc.isClosed()
          ? nats.down({ message: 'connection closed' })
          : nats.up({ server: this.cluster.nc.getServer() });
      },
      () => {
        const redis = this.indicator.check('redis');
        if (!this.redis) return redis.up({ configured: false });
        return this.redis.status === 'ready'
          ? redis.up()
          : redis.down({ message: `connection ${this.redis.status}` });
      },
    ]);
  }
}
