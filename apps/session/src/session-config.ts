import { ServiceConfig } from '@mithqtt/config';
import { IsInt, Matches, Max, Min } from 'class-validator';

/**
 * Settings of the session service, read from the environment once at start-up (NATS_URL,
 * REDIS_URL, REDIS_CLUSTER, REDIS_KEY_PREFIX, LOG_LEVEL and HTTP_HOST from ServiceConfig). See
 * apps/session/README.md.
 */
export class SessionConfig extends ServiceConfig {
  /** NATS queue group the replicas share (each request is answered by one of them). */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'SESSION_QUEUE_GROUP must be letters, digits, _ or -' })
  SESSION_QUEUE_GROUP = 'mqtt-session';
  /**
   * The gateways' MQTT_SESSION_EXPIRY_SECONDS: re-applied to an offline session this service
   * changes in Redis (a session no live gateway holds).
   */
  @IsInt() @Min(1) @Max(31_536_000) MQTT_SESSION_EXPIRY_SECONDS = 86_400;
  /** Deadline of one call to a gateway node (ms); one retry after a timeout. */
  @IsInt() @Min(50) @Max(10_000) SESSION_NODE_TIMEOUT_MS = 750;
  /**
   * How long to listen to gateway heartbeats before serving (ms): clean-session clients are
   * found by asking the live gateways, so they must be known first. At least the gateways'
   * CLUSTER_HEARTBEAT_MS.
   */
  @IsInt() @Min(0) @Max(60_000) SESSION_NODE_DISCOVERY_MS = 2500;
  /** /health, /ready and /metrics (validated by ServiceConfig); 8083 leaves 8080-8082 free. */
  override HTTP_PORT = 8083;
}
