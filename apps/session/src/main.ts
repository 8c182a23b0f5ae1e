import 'reflect-metadata';
// Imported here so the bundle's runtime dependencies name the NATS client (see toolchain notes).
import '@nats-io/transport-node';
import { ConfigError, loadConfig } from '@mithqtt/config';
import { createLogger, startServiceApp, stopOnSignals } from '@mithqtt/server';
import { SessionConfig } from './session-config';
import { SessionModule } from './session.module';

/** `node dist/apps/session/main.js`: one replica of the session service (mqtt.session.v1.*). */
async function main(): Promise<void> {
  const config = loadConfig(SessionConfig, process.env);
  const logger = createLogger(config.LOG_LEVEL, 'mithqtt-session');
  const { app } = await startServiceApp(SessionModule.forRoot(config, logger), config, logger);
  // SIGTERM/SIGINT: stop taking requests, answer those in hand, drain NATS, close Redis, exit 0.
  stopOnSignals(() => app.close(), logger);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`mithqtt-session: ${e.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(
    `mithqtt-session: failed to start: ${e instanceof Error ? e.stack : String(e)}\n`,
  );
  process.exit(1);
});
