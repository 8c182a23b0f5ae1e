import { ServiceConfig } from '@mithqtt/config';
import { IsBoolean, IsIn, IsInt, Matches, Max, Min } from 'class-validator';

/**
 * Settings of the HTTP API app, read from the environment once at start-up (NATS_URL,
 * REDIS_URL, REDIS_CLUSTER, REDIS_KEY_PREFIX, LOG_LEVEL, HTTP_HOST and HTTP_PORT (default 8080)
 * from ServiceConfig; main.ts takes
 * CLUSTER_NATS_URL, the gateways' name, when NATS_URL is not set). See apps/http-api/README.md.
 */
export class HttpApiConfig extends ServiceConfig {
  /** JSON file of hashed API keys (`npm run api-key`), as on the gateways. */
  @Matches(/\.json$/, { message: 'HTTP_API_KEYS_FILE must name a .json file' })
  HTTP_API_KEYS_FILE = '.mithqtt/api-keys.json';
  /** Serve the OpenAPI document and Swagger UI at /api/docs (they hold no data). */
  @IsBoolean() HTTP_API_DOCS = true;
  /**
   * Where the gateways keep retained messages: `nats` (the retain service, apps/retain, the
   * gateways' default) or `redis` (gateways with RETAIN_SERVICE=local and REDIS_URL).
   */
  @IsIn(['nats', 'redis'], { message: 'RETAIN_SERVICE must be nats or redis' })
  RETAIN_SERVICE: 'nats' | 'redis' = 'nats';
  /** Deadline of one retain-service request attempt (ms). */
  @IsInt() @Min(50) @Max(60_000) RETAIN_TIMEOUT_MS = 2000;
  /** Deadline of one request to one gateway node or the session service (ms). */
  @IsInt() @Min(50) @Max(10_000) HTTP_API_NODE_TIMEOUT_MS = 1000;
  /**
   * How long to listen to gateway heartbeats before serving (ms): lists ask every live
   * gateway, so they must be known first. At least the gateways' CLUSTER_HEARTBEAT_MS.
   */
  @IsInt() @Min(0) @Max(60_000) HTTP_API_NODE_DISCOVERY_MS = 2500;
}
