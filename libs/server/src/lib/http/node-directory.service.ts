import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { BrokerConfig } from '@mithqtt/config';
import { knownNodeView, type NodeView } from '@mithqtt/http-api';
import { type NatsCluster, NodeHeartbeatSender, NodeRegistry } from '@mithqtt/nats';
import type { Logger } from 'pino';
import { MqttListenerService } from '../mqtt/mqtt-listener.service';
import { BROKER_CONFIG, CLUSTER, LOGGER } from '../tokens';

/**
 * Which broker nodes are alive, for the admin API's cluster view: in a cluster, this node
 * sends heartbeats and listens to the others'; standalone, it knows only itself.
 */
@Injectable()
export class NodeDirectory implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly startedAt = Date.now();
  private readonly sender: NodeHeartbeatSender | undefined;
  private readonly registry: NodeRegistry | undefined;

  constructor(
    @Inject(BROKER_CONFIG) config: BrokerConfig,
    @Inject(LOGGER) log: Logger,
    @Inject(CLUSTER) cluster: NatsCluster | null,
    @Inject(MqttListenerService) mqtt: MqttListenerService,
  ) {
    if (!cluster) return;
    const broker = mqtt.broker;
    this.sender = new NodeHeartbeatSender(cluster.nc, {
      nodeId: config.NODE_ID,
      startedAt: this.startedAt,
      intervalMs: config.CLUSTER_HEARTBEAT_MS,
      counts: () => ({
        connections: broker.connectionCount,
        sessions: broker.sessionCount,
        subscriptions: broker.subscriptionCount,
      }),
    });
    this.registry = new NodeRegistry(cluster.nc, {
      onError: (context, err) => log.warn({ err, context }, 'ignored a node heartbeat'),
    });
  }

  onApplicationBootstrap(): void {
    this.registry?.start();
    this.sender?.start();
  }

  /** Before the NATS connection drains (the listener service closes it at shutdown). */
  beforeApplicationShutdown(): void {
    this.sender?.stop();
    this.registry?.stop();
  }

  otherNodes(): NodeView[] {
    return (this.registry?.alive() ?? []).map(knownNodeView);
  }
}
