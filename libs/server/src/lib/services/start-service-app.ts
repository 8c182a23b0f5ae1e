import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';

export interface RunningServiceApp {
  readonly app: NestFastifyApplication;
  /** The bound HTTP port (the OS picks one for HTTP_PORT=0). */
  readonly httpPort: number;
}

/**
 * Boots a NATS service app (its module imports ServiceHealthModule) with its HTTP listener for
 * orchestrators and Prometheus, and logs `HTTP ready` with the bound port. The app's
 * onApplicationBootstrap hooks (which start serving on NATS) run before the port opens; if
 * the port cannot be bound, the app is closed again so no replica serves half started.
 */
export async function startServiceApp(
  module: DynamicModule,
  http: { readonly HTTP_HOST: string; readonly HTTP_PORT: number },
  logger: Logger,
): Promise<RunningServiceApp> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  try {
    await app.listen(http.HTTP_PORT, http.HTTP_HOST);
  } catch (e: unknown) {
    await app.close().catch(() => undefined);
    throw e;
  }
  const address = app.getHttpServer().address();
  const httpPort = typeof address === 'object' && address ? address.port : http.HTTP_PORT;
  logger.info({ host: http.HTTP_HOST, port: httpPort }, 'HTTP ready');
  return { app, httpPort };
}
