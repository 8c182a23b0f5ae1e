import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import type { SessionStore } from '@mithqtt/broker';
import type { BrokerConfig } from '@mithqtt/config';
import { nodeSessionContract, type SessionGetReply } from '@mithqtt/contracts';
import { AdminError, LocalAdmin } from '@mithqtt/http-api';
import { type NatsCluster, RpcError, RpcServer } from '@mithqtt/nats';
import type { Logger } from 'pino';
import { MqttListenerService } from '../mqtt/mqtt-listener.service';
import { BROKER_CONFIG, CLUSTER, LOGGER, SESSION_STORE } from '../tokens';

/**
 * This gateway's answers to `mqtt.node.v1.<nodeId>.session.<verb>` (libs/contracts
 * node-session.ts): the session service forwards `mqtt.session.v1.*` here for a client whose
 * session this node holds, because the node's memory is the source of truth of a session it
 * holds, online or offline (docs/decisions/0008): a change made only in Redis would be
 * ignored, then overwritten, by the node. The work is LocalAdmin's, as for the HTTP admin API.
 * A session this node does not hold is NOT_FOUND: the service then looks elsewhere. Active
 * only in a cluster (CLUSTER_NATS_URL set).
 */
@Injectable()
export class NodeSessionRpcService implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: RpcServer | undefined;

  constructor(
    @Inject(BROKER_CONFIG) private readonly config: BrokerConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Optional() @Inject(CLUSTER) private readonly cluster: NatsCluster | null,
    @Optional() @Inject(SESSION_STORE) private readonly store: SessionStore | null,
    private readonly listener: MqttListenerService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.cluster) return;
    const nodeId = this.config.NODE_ID;
    const admin = new LocalAdmin(this.listener.broker, { nodeId, startedAt: Date.now() });
    const server = new RpcServer(this.cluster.nc, {
      // The subjects name this node: the queue group only keeps the RpcServer contract.
      queue: `node-${nodeId}`,
      onError: (subject, err) => this.log.error({ err, subject }, 'node session request failed'),
    });
    const missing = (clientId: string) =>
      new RpcError('NOT_FOUND', `node ${nodeId} holds no session of ${clientId}`);

    server.handleJson(nodeSessionContract(nodeId, 'get'), async ({ clientId }) => {
      const view = await admin.getSession(clientId);
      if (!view) throw missing(clientId);
      const reply: SessionGetReply = {
        clientId,
        online: view.online,
        node: view.online ? nodeId : null,
        persistent: view.persistent,
        subscriptions: view.subscriptions,
        queued: view.queued,
        inflight: view.inflight,
      };
      return reply;
    });
    server.handleJson(nodeSessionContract(nodeId, 'kick'), async ({ clientId }) => {
      if (!this.listener.broker.getSession(clientId)) throw missing(clientId);
      return { kicked: await admin.kickClient(clientId) };
    });
    server.handleJson(nodeSessionContract(nodeId, 'delete'), async ({ clientId }) => {
      if (!(await admin.deleteSession(clientId))) throw missing(clientId);
      // Stored before the reply: a reconnect anywhere after it must not find the session.
      await this.flushStore();
      return { deleted: true };
    });
    server.handleJson(nodeSessionContract(nodeId, 'subscribe'), async ({ clientId, ...sub }) => {
      const added = await asRpcError(() => admin.addSubscription(clientId, sub));
      if (!added) throw missing(clientId);
      await this.flushStore();
      return added;
    });
    server.handleJson(nodeSessionContract(nodeId, 'unsubscribe'), async ({ clientId, filter }) => {
      const removed = await admin.removeSubscription(clientId, filter);
      if (removed === undefined) throw missing(clientId);
      await this.flushStore();
      return { removed };
    });
    this.server = server;
    await this.cluster.nc.flush();
  }

  /** The node's NATS connection is drained by MqttListenerService; this only stops serving. */
  async onApplicationShutdown(): Promise<void> {
    await this.server?.stop().catch(() => undefined);
  }

  /**
   * Waits until the change is in the store (the store reports its own write errors; a store
   * that does not answer makes the caller time out rather than believe a write happened).
   */
  private async flushStore(): Promise<void> {
    await this.store?.flush();
  }
}

/** LocalAdmin's refusals (a filter the DTO already checked, in practice) as RPC errors. */
async function asRpcError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e: unknown) {
    if (!(e instanceof AdminError)) throw e;
    throw new RpcError(
      e.code === 'invalid-request' ? 'BAD_REQUEST' : 'UNAVAILABLE',
      e.message,
      e.field,
    );
  }
}
