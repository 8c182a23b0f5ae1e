import 'reflect-metadata';
// Imported here so the bundle's runtime dependencies name the NATS client (see toolchain notes).
import '@nats-io/transport-node';
import { ConfigError, loadConfig } from '@mithqtt/config';
import { ApiKeyStore, DOCS_PATH, setupOpenApi } from '@mithqtt/http-api';
import { createLogger, stopOnSignals } from '@mithqtt/server';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { HttpApiConfig } from './http-api-config';
import { HttpApiAppModule } from './http-api.module';
import { HttpMetrics } from './http-metrics';

/** `node dist/apps/http-api/main.js`: the cluster-wide HTTP admin API (one of any number). */
async function main(): Promise<void> {
  // The gateways' name for the NATS URL is accepted too, so one env file can serve both.
  const env = { ...process.env };
  if ((env['NATS_URL'] ?? '') === '' && (env['CLUSTER_NATS_URL'] ?? '') !== '') {
    env['NATS_URL'] = env['CLUSTER_NATS_URL'];
  }
  const config = loadConfig(HttpApiConfig, env);
  const logger = createLogger(config.LOG_LEVEL, 'mithqtt-http-api');
  const app = await NestFactory.create<NestFastifyApplication>(
    HttpApiAppModule.forRoot(config, logger),
    new FastifyAdapter(),
    { logger: ['error', 'warn'] },
  );
  const metrics = app.get(HttpMetrics);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      metrics.count(request.method, request.routeOptions.url, reply.statusCode);
      done();
    });
  if (config.HTTP_API_DOCS) setupOpenApi(app);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
  const keys = app.get(ApiKeyStore);
  logger.info(
    {
      host: config.HTTP_HOST,
      port,
      nats: config.NATS_URL,
      retain: config.RETAIN_SERVICE,
      keysFile: keys.path,
      keys: keys.size,
      docs: config.HTTP_API_DOCS ? `/${DOCS_PATH}` : null,
    },
    keys.size === 0
      ? 'HTTP API listening; no API keys: every /api/v1 request is refused'
      : 'HTTP API listening',
  );
  // SIGTERM/SIGINT: stop accepting, finish requests in hand, drain NATS, close Redis, exit 0.
  stopOnSignals(() => app.close(), logger);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`mithqtt-http-api: ${e.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(
    `mithqtt-http-api: failed to start: ${e instanceof Error ? e.stack : String(e)}\n`,
  );
  process.exit(1);
});
