import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import {
  type AuthPort,
  type Authorizer,
  Broker,
  type DurableLog,
  type RetainStore,
  type SessionStore,
} from '@mithqtt/broker';
import type { BrokerConfig } from '@mithqtt/config';
import type { Logger } from 'pino';
import type { NatsCluster } from '@mithqtt/nats';
import {
  AUTH_PORT,
  AUTHORIZER,
  BROKER_CONFIG,
  CLUSTER,
  DURABLE_LOG,
  LOGGER,
  RETAIN_STORE,
  SESSION_STORE,
} from '../tokens';
import { MqttListener } from './mqtt-listener';

/** Owns the node's Broker and its MQTT listener for the Nest application's lifetime. */
@Injectable()
export class MqttListenerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly broker: Broker;
  private readonly listener: MqttListener;
  /** The bound MQTT port (differs from the config when it is 0). */
  port = 0;

  constructor(
    @Inject(BROKER_CONFIG) private readonly config: BrokerConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(AUTH_PORT) auth: AuthPort,
    @Inject(AUTHORIZER) authorizer: Authorizer,
    @Inject(RETAIN_STORE) retain: RetainStore,
    @Inject(CLUSTER) private readonly cluster: NatsCluster | null,
    @Optional() @Inject(SESSION_STORE) private readonly sessionStore: SessionStore | null,
    @Optional() @Inject(DURABLE_LOG) durableLog: DurableLog | null,
  ) {
    this.broker = new Broker({
      auth,
      authorizer,
      retain,
      channel: {
        maxInflight: config.MQTT_MAX_INFLIGHT,
        queue: {
          maxQueued: config.MQTT_MAX_QUEUED,
          dropPolicy: config.MQTT_QUEUE_DROP_POLICY as 'drop-new' | 'drop-oldest',
        },
        queueQos0Offline: config.MQTT_QUEUE_QOS0_OFFLINE,
        maxKeepAlive: config.MQTT_MAX_KEEPALIVE,
        connectTimeoutMs: config.MQTT_CONNECT_TIMEOUT_MS,
      },
      sessionExpiryMs: config.MQTT_SESSION_EXPIRY_SECONDS * 1000,
      authTimeoutMs: config.AUTH_TIMEOUT_MS,
      publisherFlowControl: config.MQTT_PUBLISHER_FLOW_CONTROL,
      sessionStore: this.sessionStore ?? undefined,
      nodeId: config.NODE_ID,
      onError: (context, err) => log.error({ err, context }, 'broker error'),
      cluster: cluster ?? undefined,
      durableLog: durableLog ?? undefined,
    });
    cluster?.attach(this.broker);
    this.listener = new MqttListener(
      this.broker,
      {
        host: config.MQTT_HOST,
        port: config.MQTT_PORT,
        maxPacketSize: config.MQTT_MAX_PACKET_SIZE,
        highWaterMark: config.MQTT_SOCKET_HIGH_WATER,
      },
      log,
    );
  }

  get listening(): boolean {
    return this.listener.listening;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.port = await this.listener.listen();
    this.log.info({ host: this.config.MQTT_HOST, port: this.port }, 'MQTT listener ready (tcp)');
    if (this.cluster) {
      this.log.info(
        {
          nodeId: this.config.NODE_ID,
          prefix: this.config.CLUSTER_SUBJECT_PREFIX,
          durability: this.config.DURABILITY,
        },
        'joined the NATS cluster',
      );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.log.info('closing MQTT listener');
    await this.listener.close();
    this.broker.close();
    // Closing the connections journaled their sessions going offline: store that first, but
    // do not let an unreachable Redis hold the shutdown (its TTL-less writes are then lost:
    // the sessions' last changes, which a restart cannot recover anyway).
    if (this.sessionStore) await withTimeout(this.sessionStore.flush(), SHUTDOWN_FLUSH_MS);
    await this.cluster?.close();
  }
}

/** Longest wait for the session store's last writes at shutdown. */
const SHUTDOWN_FLUSH_MS = 3000;

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([work.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
