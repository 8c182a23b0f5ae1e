import { randomBytes } from 'node:crypto';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { AuthSettings } from './auth-settings';

/** The setting may only name a NATS-backed choice when CLUSTER_NATS_URL is set. */
function NeedsNats(options: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'needsNats',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args) =>
          value !== 'nats' || (args?.object as BrokerConfig).CLUSTER_NATS_URL !== '',
      },
    });
}

/** DURABILITY=strict needs both a cluster and Redis (the durable log and the sessions). */
function StrictNeedsClusterAndRedis(options: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'strictNeedsClusterAndRedis',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args) => {
          const config = args?.object as BrokerConfig;
          return value !== 'strict' || (config.CLUSTER_NATS_URL !== '' && config.REDIS_URL !== '');
        },
      },
    });
}

/**
 * Settings of the embedded broker and the gateway, read from the environment. Property names
 * are the variable names; initial values are the defaults. See the README's config table.
 */
export class BrokerConfig extends AuthSettings {
  /** Loopback by default (as Mosquitto 2): anonymous clients are then safe to accept. */
  @IsString() @MinLength(1) MQTT_HOST = '127.0.0.1';
  @IsInt() @Min(0) @Max(65535) MQTT_PORT = 1883;
  @IsString() @MinLength(1) HTTP_HOST = '0.0.0.0';
  @IsInt() @Min(0) @Max(65535) HTTP_PORT = 8080;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  /** Largest packet accepted (bytes, fixed header included); the protocol limit is 268435460. */
  @IsInt() @Min(64) @Max(268_435_460) MQTT_MAX_PACKET_SIZE = 1_048_576;
  /** Outgoing QoS 1/2 messages in flight per client. */
  @IsInt() @Min(1) @Max(65535) MQTT_MAX_INFLIGHT = 32;
  /** Messages queued per session beyond the in-flight window (online or offline). */
  @IsInt() @Min(1) @Max(10_000_000) MQTT_MAX_QUEUED = 1000;
  @IsIn(['drop-new', 'drop-oldest']) MQTT_QUEUE_DROP_POLICY = 'drop-new';
  @IsBoolean() MQTT_QUEUE_QOS0_OFFLINE = false;
  /**
   * Pause reading a publisher while an online subscriber's queue is over half full (instead of
   * dropping what the publisher was already acknowledged for). See docs/decisions/0004.
   */
  @IsBoolean() MQTT_PUBLISHER_FLOW_CONTROL = true;
  /** Largest client keepalive (s); 65535 = no limit. */
  @IsInt() @Min(1) @Max(65535) MQTT_MAX_KEEPALIVE = 65535;
  @IsInt() @Min(100) @Max(600_000) MQTT_CONNECT_TIMEOUT_MS = 10_000;
  /** How long an offline persistent session (CleanSession=0) is kept. */
  @IsInt() @Min(1) @Max(31_536_000) MQTT_SESSION_EXPIRY_SECONDS = 86_400;
  @IsInt() @Min(10) @Max(60_000) AUTH_TIMEOUT_MS = 5000;
  /** Socket bytes buffered per client before delivery pauses (QoS 0 is then dropped). */
  @IsInt() @Min(16_384) @Max(1_073_741_824) MQTT_SOCKET_HIGH_WATER = 4_194_304;
  /**
   * NATS URL(s), comma-separated, of the cluster this node joins; empty = a standalone node.
   * Messages then travel between nodes over NATS (see libs/nats).
   */
  @Matches(/^$|^nats:\/\/[^\s,]+(,nats:\/\/[^\s,]+)*$/, {
    message: 'CLUSTER_NATS_URL must be empty or nats://host:port[,nats://...]',
  })
  CLUSTER_NATS_URL = '';
  /** Subject prefix of routed messages: NATS tokens, no wildcards. */
  @Matches(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, {
    message: 'CLUSTER_SUBJECT_PREFIX must be dot-separated tokens of letters, digits, _ or -',
  })
  CLUSTER_SUBJECT_PREFIX = 'mqtt.msg';
  /** This node's id in the cluster (random per process by default). */
  @Matches(/^[A-Za-z0-9_-]+$/, {
    message: 'NODE_ID must be letters, digits, _ or - (it is a NATS subject token)',
  })
  NODE_ID = `node-${randomBytes(6).toString('hex')}`;
  /**
   * Redis for shared state (retained messages, persistent sessions), e.g.
   * redis://127.0.0.1:6379; empty = in memory. Nodes of one cluster must share it. With
   * REDIS_CLUSTER=true: comma-separated seed nodes of a Redis Cluster.
   */
  @Matches(/^$|^rediss?:\/\/[^\s,]+(,rediss?:\/\/[^\s,]+)*$/, {
    message:
      'REDIS_URL must be empty or redis://host:port[/db] (comma-separated with REDIS_CLUSTER)',
  })
  REDIS_URL = '';
  /** REDIS_URL names Redis Cluster seed nodes (keys are hash-tagged for it). */
  @IsBoolean() REDIS_CLUSTER = false;
  /** Key prefix of everything this broker stores in Redis. */
  @Matches(/^[A-Za-z0-9_:.-]+$/, {
    message: 'REDIS_KEY_PREFIX must be letters, digits, _ : . or -',
  })
  REDIS_KEY_PREFIX = 'mqtt';
  /**
   * JSON file of the HTTP admin API keys, hashed (create one with `npm run api-key`; relative
   * paths from the working directory). No file: every /api/v1 request is refused with 401.
   */
  @Matches(/\.json$/, { message: 'HTTP_API_KEYS_FILE must name a .json file' })
  HTTP_API_KEYS_FILE = '.mithqtt/api-keys.json';
  /** Serve the OpenAPI document and Swagger UI at /api/docs (they hold no data). */
  @IsBoolean() HTTP_API_DOCS = true;
  /** How often a cluster node announces itself to the others (3 missed = gone). */
  @IsInt() @Min(100) @Max(60_000) CLUSTER_HEARTBEAT_MS = 2000;
  /**
   * Where CONNECT credentials are checked: `local` (this process, AUTH_MODE and AUTH_STORE) or
   * `nats` (the auth service, apps/auth, over `mqtt.auth.v1.authenticate`; needs
   * CLUSTER_NATS_URL). PUBLISH/SUBSCRIBE are authorized locally either way, from AUTH_STORE.
   */
  @IsIn(['local', 'nats'])
  @NeedsNats({ message: 'AUTH_SERVICE=nats needs CLUSTER_NATS_URL (the NATS of the auth service)' })
  AUTH_SERVICE = 'local';
  /**
   * Where retained messages live: `local` (Redis when REDIS_URL is set, else memory) or `nats`
   * (the retain service, apps/retain, over `mqtt.retain.v1.*`; needs CLUSTER_NATS_URL).
   */
  @IsIn(['local', 'nats'])
  @NeedsNats({
    message: 'RETAIN_SERVICE=nats needs CLUSTER_NATS_URL (the NATS of the retain service)',
  })
  RETAIN_SERVICE = 'local';
  /** Deadline of one retain-service request attempt (ms). */
  @IsInt() @Min(50) @Max(60_000) RETAIN_TIMEOUT_MS = 2000;
  /**
   * What a gateway death may cost (docs/decisions/0008): `fast` (default) acknowledges a QoS
   * 1/2 message once it is routed; a few messages on their way to a dying gateway can be lost.
   * `strict` acknowledges only after the message is in the origin node's durable log (Redis)
   * and on NATS, and sessions taken from a dead gateway replay what they missed: no
   * acknowledged message is lost. Costs a Redis write per batch of publishes.
   */
  @IsIn(['fast', 'strict'])
  @StrictNeedsClusterAndRedis({
    message: 'DURABILITY=strict needs CLUSTER_NATS_URL and REDIS_URL (a cluster with Redis)',
  })
  DURABILITY = 'fast';
  /**
   * How long the durable log keeps a message (ms): longer than it takes to detect a dead
   * gateway and adopt its sessions (about 1.5 s) with room to spare.
   */
  @IsInt() @Min(5000) @Max(86_400_000) DURABILITY_LOG_RETENTION_MS = 60_000;
  /** NATS queue group of the auth service's replicas (apps/auth). */
  @Matches(/^[A-Za-z0-9_.-]+$/, {
    message: 'AUTH_QUEUE_GROUP must be letters, digits, _ . or -',
  })
  AUTH_QUEUE_GROUP = 'mqtt-auth';
}
