import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { GatewayModule } from '../mqtt/gateway.module';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

/** The HTTP API: health/readiness and Prometheus metrics (the admin API arrives with issue 5). */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), GatewayModule],
  controllers: [HealthController, MetricsController],
})
export class HttpApiModule {}
