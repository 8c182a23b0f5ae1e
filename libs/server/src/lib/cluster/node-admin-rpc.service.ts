import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import type { BrokerConfig } from '@mithqtt/config';
import { nodeAdminContract } from '@mithqtt/contracts';
import { LocalAdmin } from '@mithqtt/http-api';
import { type NatsCluster, RpcServer } from '@mithqtt/nats';
import type { Logger } from 'pino';
import { MqttListenerService } from '../mqtt/mqtt-listener.service';
import { BROKER_CONFIG, CLUSTER, LOGGER } from '../tokens';

/**
 * This gateway's answers to `mqtt.node.v1.<nodeId>.admin.{clients,sessions,stats}`
 * (libs/contracts node-admin.ts): reads of its own state, from LocalAdmin, so that the HTTP
 * API app can assemble a cluster-wide view (it asks every live node and merges the pages).
 * Active only in a cluster (CLUSTER_NATS_URL set).
 */
@Injectable()
export class NodeAdminRpcService implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: RpcServer | undefined;
  private readonly startedAt = Date.now();

  constructor(
    @Inject(BROKER_CONFIG) private readonly config: BrokerConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Optional() @Inject(CLUSTER) private readonly cluster: NatsCluster | null,
    private readonly listener: MqttListenerService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.cluster) return;
    const nodeId = this.config.NODE_ID;
    const admin = new LocalAdmin(this.listener.broker, { nodeId, startedAt: this.startedAt });
    const server = new RpcServer(this.cluster.nc, {
      queue: `node-admin-${nodeId}`,
      onError: (subject, err) => this.log.error({ err, subject }, 'node admin request failed'),
    });
    server.handleJson(nodeAdminContract(nodeId, 'clients'), (filter) => admin.listClients(filter));
    server.handleJson(nodeAdminContract(nodeId, 'sessions'), (filter) =>
      admin.listSessions(filter),
    );
    server.handleJson(nodeAdminContract(nodeId, 'stats'), () => admin.stats());
    this.server = server;
    await this.cluster.nc.flush();
  }

  /** The node's NATS connection is drained by MqttListenerService; this only stops serving. */
  async onApplicationShutdown(): Promise<void> {
    await this.server?.stop().catch(() => undefined);
  }
}
