import 'reflect-metadata';
import { BrokerConfig, ConfigError, loadConfig } from '@mithqtt/config';
import { createLogger, startEmbedded, stopOnSignals } from '@mithqtt/server';

/**
 * `node dist/apps/gateway/main.js`: the connection gateway of the distributed deployment. The
 * same broker core as apps/embedded, with different defaults: credentials checked by the auth
 * service, retained messages kept by the retain service, users/rules and sessions in Redis,
 * routing over NATS. Every default can still be overridden from the environment.
 */
const GATEWAY_DEFAULTS = {
  AUTH_SERVICE: 'nats',
  RETAIN_SERVICE: 'nats',
  AUTH_STORE: 'redis',
};

async function main(): Promise<void> {
  // Checked first: without them the service defaults above could not work at all.
  const missing = (['CLUSTER_NATS_URL', 'REDIS_URL'] as const)
    .filter((setting) => (process.env[setting] ?? '') === '')
    .map((setting) => ({
      setting,
      problem: 'a gateway needs it (NATS for routing and services, Redis for sessions and users)',
    }));
  if (missing.length > 0) throw new ConfigError(missing);
  const config = loadConfig(BrokerConfig, { ...GATEWAY_DEFAULTS, ...process.env });
  const logger = createLogger(config.LOG_LEVEL, 'mithqtt-gateway');
  const gateway = await startEmbedded(config, logger);
  stopOnSignals(() => gateway.close(), logger);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`mithqtt-gateway: ${e.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(
    `mithqtt-gateway: failed to start: ${e instanceof Error ? e.stack : String(e)}\n`,
  );
  process.exit(1);
});
