import { IsBoolean, IsIn, Matches } from 'class-validator';

/**
 * Settings of the retain service, read from the environment once at start-up (property names
 * are the variable names, initial values the defaults). See apps/retain/README.md.
 */
export class RetainConfig {
  /** NATS server URL(s), comma-separated. */
  @Matches(/^nats:\/\/[^\s,]+(,nats:\/\/[^\s,]+)*$/, {
    message: 'NATS_URL must be nats://host:port[,nats://...]',
  })
  NATS_URL = 'nats://127.0.0.1:4222';
  /** Redis holding the retained messages; with REDIS_CLUSTER=true, comma-separated seeds. */
  @Matches(/^rediss?:\/\/[^\s,]+(,rediss?:\/\/[^\s,]+)*$/, {
    message: 'REDIS_URL must be redis://host:port[/db] (comma-separated with REDIS_CLUSTER)',
  })
  REDIS_URL = 'redis://127.0.0.1:6379';
  @IsBoolean() REDIS_CLUSTER = false;
  /** Same prefix as the gateways/embedded nodes: retained messages live under `<prefix>:retain`. */
  @Matches(/^[A-Za-z0-9_:.-]+$/, {
    message: 'REDIS_KEY_PREFIX must be letters, digits, _ : . or -',
  })
  REDIS_KEY_PREFIX = 'mqtt';
  /** NATS queue group the replicas share (each request is answered by one of them). */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'RETAIN_QUEUE_GROUP must be letters, digits, _ or -' })
  RETAIN_QUEUE_GROUP = 'mqtt-retain';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
}
