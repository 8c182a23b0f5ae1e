import { ServiceConfig } from '@mithqtt/config';
import { Matches } from 'class-validator';

/**
 * Settings of the retain service, read from the environment once at start-up (property names
 * are the variable names, initial values the defaults; NATS_URL, REDIS_URL, REDIS_CLUSTER,
 * REDIS_KEY_PREFIX, LOG_LEVEL and HTTP_HOST from ServiceConfig). See apps/retain/README.md.
 */
export class RetainConfig extends ServiceConfig {
  /** NATS queue group the replicas share (each request is answered by one of them). */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'RETAIN_QUEUE_GROUP must be letters, digits, _ or -' })
  RETAIN_QUEUE_GROUP = 'mqtt-retain';
  /** /health, /ready and /metrics (validated by ServiceConfig); 8082 leaves 8080-8081 free. */
  override HTTP_PORT = 8082;
}
