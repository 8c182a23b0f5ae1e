import 'reflect-metadata';
// Imported here so the bundle's runtime dependencies name the NATS client (see toolchain notes).
import '@nats-io/transport-node';
import { ConfigError, loadConfig } from '@mithqtt/config';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { RetainConfig } from './retain-config';
import { RetainModule } from './retain.module';

async function main(): Promise<void> {
  let config: RetainConfig;
  try {
    config = loadConfig(RetainConfig, process.env);
  } catch (e: unknown) {
    if (e instanceof ConfigError) {
      process.stderr.write(`mithqtt-retain: ${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const logger = pino({ name: 'mithqtt-retain', level: config.LOG_LEVEL });
  const app = await NestFactory.createApplicationContext(RetainModule.forRoot(config, logger), {
    logger: ['error', 'warn'],
  });
  await app.init();
  // SIGTERM/SIGINT: stop taking requests, answer those in hand, drain NATS, close Redis, exit 0.
  // (Nest's enableShutdownHooks would re-raise the signal: orchestrators then see a kill.)
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(
    `mithqtt-retain: failed to start: ${e instanceof Error ? e.stack : String(e)}\n`,
  );
  process.exit(1);
});
