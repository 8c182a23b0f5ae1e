import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AllowAllAuth, MemoryRetainStore } from '@mithqtt/broker';
import type { BrokerConfig } from '@mithqtt/config';
import type { Logger } from 'pino';
import { AUTH_PORT, AUTHORIZER, BROKER_CONFIG, LOGGER, RETAIN_STORE } from '../tokens';

/**
 * In-process adapters for every port (the embedded deployment): config, logger, auth
 * (allow-all until users/ACLs are configured), retained messages in memory.
 */
@Global()
@Module({})
export class EmbeddedCoreModule {
  static forRoot(config: BrokerConfig, logger: Logger): DynamicModule {
    const auth = new AllowAllAuth();
    return {
      module: EmbeddedCoreModule,
      providers: [
        { provide: BROKER_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: AUTH_PORT, useValue: auth },
        { provide: AUTHORIZER, useValue: auth },
        { provide: RETAIN_STORE, useValue: new MemoryRetainStore() },
      ],
      exports: [BROKER_CONFIG, LOGGER, AUTH_PORT, AUTHORIZER, RETAIN_STORE],
    };
  }
}
