import type { INestApplication } from '@nestjs/common';
import type { BrokerConfig } from '@mithqtt/config';
import { ApiKeyStore, DOCS_PATH, setupOpenApi } from '@mithqtt/http-api';
import type { Logger } from 'pino';

/**
 * What the HTTP API needs from the application itself (not expressible as a module): the
 * Swagger UI, and a start-up line saying which keys are in force. Call before `listen`.
 */
export function mountHttpApi(app: INestApplication, config: BrokerConfig, logger: Logger): void {
  if (config.HTTP_API_DOCS) setupOpenApi(app);
  const keys = app.get(ApiKeyStore);
  const where = {
    keysFile: keys.path,
    keys: keys.size,
    docs: config.HTTP_API_DOCS ? `/${DOCS_PATH}` : null,
  };
  if (keys.size === 0) {
    logger.warn(
      where,
      'admin API: no API keys, every /api/v1 request is refused (create one with `npm run api-key`)',
    );
  } else {
    logger.info(where, 'admin API: API keys loaded');
  }
}
