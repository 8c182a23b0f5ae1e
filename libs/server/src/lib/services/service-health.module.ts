import { type DynamicModule, type InjectionToken, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LivenessController } from '../http/liveness.controller';
import { ServiceHealthController } from './service-health.controller';
import { HEALTH_NATS, HEALTH_REDIS, HEALTH_RPC_STATS } from './service-health.tokens';
import { ServiceMetricsController } from './service-metrics.controller';

/** Where the operations endpoints find the service's connections (tokens of its providers). */
export interface ServiceHealthOptions {
  /** The service's NatsConnection. */
  readonly nats: InjectionToken;
  /** Its ioredis client, or a provider holding null when Redis is not configured. */
  readonly redis: InjectionToken;
  /** The RpcStats its RpcServers count into (`mithqtt_rpc_requests_total`). */
  readonly rpcStats: InjectionToken;
}

/**
 * `/health`, `/ready` and `/metrics` for the NATS service apps (auth, retain, session), served
 * by startServiceApp's HTTP listener. The providers behind the tokens belong to the app's own
 * module, which must export them and be global (`global: true`) so this module sees them
 * without importing its importer.
 */
@Module({})
export class ServiceHealthModule {
  static forRoot(options: ServiceHealthOptions): DynamicModule {
    return {
      module: ServiceHealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [LivenessController, ServiceHealthController, ServiceMetricsController],
      providers: [
        { provide: HEALTH_NATS, useExisting: options.nats },
        { provide: HEALTH_REDIS, useExisting: options.redis },
        { provide: HEALTH_RPC_STATS, useExisting: options.rpcStats },
      ],
    };
  }
}
