import 'reflect-metadata';
// Imported here so the bundle's runtime dependencies name the NATS client (see toolchain notes).
import '@nats-io/transport-node';
import { ConfigError, loadConfig } from '@mithqtt/config';
import { createLogger, startServiceApp, stopOnSignals } from '@mithqtt/server';
import { RetainConfig } from './retain-config';
import { RetainModule } from './retain.module';

/** `node dist/apps/retain/main.js`: one replica of the retain service (mqtt.retain.v1.*). */
async function main(): Promise<void> {
  const config = loadConfig(RetainConfig, process.env);
  const logger = createLogger(config.LOG_LEVEL, 'mithqtt-retain');
  const { app } = await startServiceApp(RetainModule.forRoot(config, logger), config, logger);
  // SIGTERM/SIGINT: stop taking requests, answer those in hand, drain NATS, close Redis, exit 0.
  // (Nest's enableShutdownHooks would re-raise the signal: orchestrators then see a kill.)
  stopOnSignals(() => app.close(), logger);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`mithqtt-retain: ${e.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(
    `mithqtt-retain: failed to start: ${e instanceof Error ? e.stack : String(e)}\n`,
  );
  process.exit(1);
});
