import { type BrokerConfig, ConfigError } from '@mithqtt/config';
import type { Logger } from 'pino';
import { AuthServiceModule } from './auth-service.module';
import { startServiceApp } from './start-service-app';

export interface RunningService {
  /** The bound port of /health, /ready and /metrics. */
  readonly httpPort: number;
  close(): Promise<void>;
}

/**
 * Starts the auth service: NATS request/reply, no MQTT; HTTP only for /health, /ready and
 * /metrics on HTTP_HOST:HTTP_PORT.
 */
export async function startAuthService(
  config: BrokerConfig,
  logger: Logger,
): Promise<RunningService> {
  if (config.CLUSTER_NATS_URL === '') {
    throw new ConfigError([
      { setting: 'CLUSTER_NATS_URL', problem: 'the auth service needs the NATS it serves on' },
    ]);
  }
  const { app, httpPort } = await startServiceApp(
    AuthServiceModule.forRoot(config, logger),
    config,
    logger,
  );
  return { httpPort, close: () => app.close() };
}
