import { NestFactory } from '@nestjs/core';
import { type BrokerConfig, ConfigError } from '@mithqtt/config';
import type { Logger } from 'pino';
import { AuthServiceModule } from './auth-service.module';

export interface RunningService {
  close(): Promise<void>;
}

/** Starts the auth service (no HTTP, no MQTT: NATS request/reply only). */
export async function startAuthService(
  config: BrokerConfig,
  logger: Logger,
): Promise<RunningService> {
  if (config.CLUSTER_NATS_URL === '') {
    throw new ConfigError([
      { setting: 'CLUSTER_NATS_URL', problem: 'the auth service needs the NATS it serves on' },
    ]);
  }
  const app = await NestFactory.createApplicationContext(
    AuthServiceModule.forRoot(config, logger),
    { logger: false, abortOnError: false },
  );
  await app.init();
  return { close: () => app.close() };
}
