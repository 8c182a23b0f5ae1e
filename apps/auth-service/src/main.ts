import 'reflect-metadata';
import { ConfigError, loadConfig } from '@mithqtt/config';
import {
  createLogger,
  stopOnSignals,
  type RunningService,
  startAuthService,
} from '@mithqtt/server';
import { AuthServiceConfig } from './auth-service-config';

/** `node dist/apps/auth-service/main.js`: one replica of the auth service (mqtt.auth.v1.*). */
async function main(): Promise<void> {
  const config = loadConfig(AuthServiceConfig, process.env);
  const logger = createLogger(config.LOG_LEVEL, 'mithqtt-auth');
  const service: RunningService = await startAuthService(config, logger);
  stopOnSignals(() => service.close(), logger);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`mithqtt-auth: ${e.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(
    `mithqtt-auth: failed to start: ${e instanceof Error ? e.stack : String(e)}\n`,
  );
  process.exit(1);
});
