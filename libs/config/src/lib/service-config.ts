import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * Settings every NATS + Redis service app shares (property names are the environment
 * variables, initial values the defaults); an app's own config extends it. Same names and
 * rules as the gateways' BrokerConfig, so one environment file can serve a whole deployment.
 */
export class ServiceConfig {
  /** NATS server URL(s), comma-separated. */
  @Matches(/^nats:\/\/[^\s,]+(,nats:\/\/[^\s,]+)*$/, {
    message: 'NATS_URL must be nats://host:port[,nats://...]',
  })
  NATS_URL = 'nats://127.0.0.1:4222';
  /** Redis; with REDIS_CLUSTER=true, comma-separated seed nodes. */
  @Matches(/^rediss?:\/\/[^\s,]+(,rediss?:\/\/[^\s,]+)*$/, {
    message: 'REDIS_URL must be redis://host:port[/db] (comma-separated with REDIS_CLUSTER)',
  })
  REDIS_URL = 'redis://127.0.0.1:6379';
  @IsBoolean() REDIS_CLUSTER = false;
  /** The gateways' prefix: their keys live under `<prefix>:<kind>`. */
  @Matches(/^[A-Za-z0-9_:.-]+$/, {
    message: 'REDIS_KEY_PREFIX must be letters, digits, _ : . or -',
  })
  REDIS_KEY_PREFIX = 'mqtt';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  /**
   * The app's HTTP listener: /health, /ready and /metrics on every service app, plus the API on
   * apps/http-api. Each app overrides the port default, so they can share a host; 0 = any free
   * port (the bound one is logged).
   */
  @IsString() @MinLength(1) HTTP_HOST = '0.0.0.0';
  @IsInt() @Min(0) @Max(65535) HTTP_PORT = 8080;
}
