import 'reflect-metadata';
import { BrokerConfig, ConfigError, loadConfig } from '@mithqtt/config';
import { createLogger, stopOnSignals, startEmbedded } from '@mithqtt/server';

async function main(): Promise<void> {
  let config: BrokerConfig;
  try {
    config = loadConfig(BrokerConfig, process.env);
  } catch (e: unknown) {
    if (e instanceof ConfigError) {
      process.stderr.write(`mithqtt: ${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const logger = createLogger(config.LOG_LEVEL, 'mithqtt-embedded');
  const broker = await startEmbedded(config, logger);
  stopOnSignals(() => broker.close(), logger);
}

main().catch((e: unknown) => {
  process.stderr.write(`mithqtt: failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
