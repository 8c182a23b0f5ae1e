import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { GatewayModule } from '../mqtt/gateway.module';
import { HealthController } from './health.controller';

/** The HTTP API (health/readiness for now; the admin API arrives with the auth/API issue). */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), GatewayModule],
  controllers: [HealthController],
})
export class HttpApiModule {}
