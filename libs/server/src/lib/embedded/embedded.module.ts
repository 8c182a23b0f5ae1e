import { type DynamicModule, Module } from '@nestjs/common';
import type { BrokerConfig } from '@mithqtt/config';
import type { Logger } from 'pino';
import { HttpApiModule } from '../http/http-api.module';
import { GatewayModule } from '../mqtt/gateway.module';
import { EmbeddedCoreModule } from './embedded-core.module';

/** Everything in one process: gateway, auth, retain and HTTP API over in-process adapters. */
@Module({})
export class EmbeddedModule {
  static forRoot(config: BrokerConfig, logger: Logger): DynamicModule {
    return {
      module: EmbeddedModule,
      imports: [EmbeddedCoreModule.forRoot(config, logger), GatewayModule, HttpApiModule],
    };
  }
}
