import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { BrokerConfig } from '@mithqtt/config';
import type { Logger } from 'pino';
import { mountHttpApi } from '../http/mount-http-api';
import { MqttListenerService } from '../mqtt/mqtt-listener.service';
import { EmbeddedModule } from './embedded.module';

export interface RunningBroker {
  readonly mqttPort: number;
  readonly httpPort: number;
  readonly app: NestFastifyApplication;
  readonly listener: MqttListenerService;
  close(): Promise<void>;
}

/** Boots the embedded broker (used by `npm start` and by the end-to-end tests). */
export async function startEmbedded(config: BrokerConfig, logger: Logger): Promise<RunningBroker> {
  const app = await NestFactory.create<NestFastifyApplication>(
    EmbeddedModule.forRoot(config, logger),
    new FastifyAdapter(),
    { logger: false, abortOnError: false },
  );
  mountHttpApi(app, config, logger);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const address = app.getHttpServer().address();
  const httpPort = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
  const listener = app.get(MqttListenerService);
  logger.info({ host: config.HTTP_HOST, port: httpPort }, 'HTTP API ready');
  return {
    mqttPort: listener.port,
    httpPort,
    app,
    listener,
    close: () => app.close(),
  };
}
