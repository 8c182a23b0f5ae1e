import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ApiErrorBody } from './http/api-error';

/** Where the Swagger UI is served; the JSON document is at `${DOCS_PATH}-json`. */
export const DOCS_PATH = 'api/docs';

/** The OpenAPI 3 document of every controller mounted in `app`. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('mithqtt admin API')
    .setDescription(
      'Manage a mithqtt MQTT broker: connected clients, sessions, subscriptions, publishing, retained messages, cluster nodes and statistics. Every /api/v1 request needs an API key (`X-API-Key` header or `Authorization: Bearer`); read-only keys may only GET. Every error has the ApiErrorBody shape.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'the same API key' })
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ApiErrorBody] });
}

/** Serves the Swagger UI at /api/docs and the document at /api/docs-json (unauthenticated: it holds no data). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => openApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
  });
}
