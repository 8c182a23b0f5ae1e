import type { RetainStore } from '@mithqtt/broker';
import {
  encodeTopicHeader,
  type JsonContract,
  nodeAdminContract,
  SESSION_DELETE,
  SESSION_GET,
  SESSION_KICK,
  SESSION_SUBSCRIBE,
  SESSION_UNSUBSCRIBE,
} from '@mithqtt/contracts';
import { HEADER, type KnownNode, PUBLISH_SUBJECT, type RpcClient, RpcError } from '@mithqtt/nats';
import { validateTopicFilter, validateTopicName } from '@mithqtt/topic';
import {
  AdminError,
  type AdminPort,
  type ClientFilter,
  type PublishRequest,
  type RetainedFilter,
  type SessionFilter,
  type SubscriptionRequest,
} from './admin.port';
import { mergeNodePages } from './cluster-paging';
import { knownNodeView } from './node-view';
import {
  deleteRetained,
  getRetained,
  invalidTopic,
  listRetained,
  unavailableOnError,
} from './retained-admin';
import type * as views from './views';

export interface ClusterAdminOptions {
  /** Requests to the gateways and the session service. */
  readonly rpc: RpcClient;
  /** The live gateway nodes (NodeRegistry.alive, from their heartbeats). */
  readonly nodes: () => readonly KnownNode[];
  /** The retained store the gateways share (retain service or Redis). */
  readonly retain: RetainStore;
  /** Deadline of one request to one gateway node (ms). */
  readonly nodeTimeoutMs: number;
}

/**
 * The AdminPort of the distributed deployment, over NATS: lists and statistics ask every
 * live gateway (`mqtt.node.v1.<id>.admin.*`) and merge; single-client changes go to the
 * session service (`mqtt.session.v1.*`), which finds the node holding the session; publish
 * goes to any gateway (`mqtt.api.v1.publish`); retained messages to the shared store.
 *
 * All-or-nothing: if a live node does not answer a list or stats request in time, the call
 * fails with AdminError('unavailable') (HTTP 503) naming the node, never a silently partial
 * list (a missing client would look disconnected). A node that stops gracefully says so in
 * its last heartbeat and is dropped at once; a crashed one is dropped after MISSED_HEARTBEATS
 * silent intervals, until which lists answer 503.
 */
export class ClusterAdmin implements AdminPort {
  constructor(private readonly options: ClusterAdminOptions) {}

  async listClients(filter: ClientFilter): Promise<views.Page<views.ClientView>> {
    const pages = await this.askEveryNode((id) => nodeAdminContract(id, 'clients'), filter);
    return mergeNodePages(pages, (c) => c.clientId, filter.limit);
  }

  /** Exactly `clientId`: the smallest key with that prefix, so a one-item page holds it. */
  async getClient(clientId: string): Promise<views.ClientView | undefined> {
    const page = await this.listClients({ limit: 1, clientIdPrefix: clientId });
    return page.items.find((c) => c.clientId === clientId);
  }

  async kickClient(clientId: string): Promise<boolean> {
    const reply = await this.sessionCall(() => this.options.rpc.call(SESSION_KICK, { clientId }));
    return reply?.kicked ?? false;
  }

  /** Sessions held in a live node's memory; an offline session only in Redis is not listed. */
  async listSessions(filter: SessionFilter): Promise<views.Page<views.SessionView>> {
    const pages = await this.askEveryNode((id) => nodeAdminContract(id, 'sessions'), filter);
    // During a takeover both nodes may hold it for a moment: the online copy is current.
    return mergeNodePages(
      pages,
      (s) => s.clientId,
      filter.limit,
      (a, b) => (a.online ? a : b),
    );
  }

  async getSession(clientId: string): Promise<views.SessionView | undefined> {
    const page = await this.listSessions({ limit: 1, clientIdPrefix: clientId });
    return page.items.find((s) => s.clientId === clientId);
  }

  async deleteSession(clientId: string): Promise<boolean> {
    const reply = await this.sessionCall(() => this.options.rpc.call(SESSION_DELETE, { clientId }));
    return reply?.deleted ?? false;
  }

  async listSubscriptions(clientId: string): Promise<views.SubscriptionView[] | undefined> {
    const reply = await this.sessionCall(() => this.options.rpc.call(SESSION_GET, { clientId }));
    return reply?.subscriptions;
  }

  async addSubscription(
    clientId: string,
    subscription: SubscriptionRequest,
  ): Promise<views.SubscriptionView | undefined> {
    const problem = validateTopicFilter(subscription.filter, { allowShared: false });
    if (problem !== null) throw invalidTopic('filter', problem);
    return this.sessionCall(() =>
      this.options.rpc.call(SESSION_SUBSCRIBE, { clientId, ...subscription }),
    );
  }

  async removeSubscription(clientId: string, filter: string): Promise<boolean | undefined> {
    const reply = await this.sessionCall(() =>
      this.options.rpc.call(SESSION_UNSUBSCRIBE, { clientId, filter }),
    );
    return reply?.removed;
  }

  /**
   * A retained message is stored here before the call returns (as LocalAdmin does:
   * [MQTT-3.3.1-10/11] empty payload deletes), then handed to one gateway with RETAIN=0,
   * which routes it to every subscriber in the cluster [MQTT-3.3.1-9].
   */
  async publish(request: PublishRequest): Promise<views.PublishResult> {
    const problem = validateTopicName(request.topic);
    if (problem !== null) throw invalidTopic('topic', problem);
    // mqtt.api.v1.publish reads the topic from a plain `topic` header, which NATS trims and
    // which cannot hold CR/LF: refuse what would arrive altered (or not at all).
    if (encodeTopicHeader(request.topic).name !== 'topic') {
      throw new AdminError(
        'invalid-request',
        'topic with leading/trailing whitespace or a line break cannot be published through the cluster API',
        'topic',
      );
    }
    if (request.retain) {
      const retain = this.options.retain;
      await unavailableOnError<unknown>('retained store', () =>
        request.payload.length === 0
          ? retain.delete(request.topic)
          : retain.set({ ...request, retain: true }),
      );
    }
    const reply = await this.rpcOrAdminError(() =>
      this.options.rpc.request(PUBLISH_SUBJECT, request.payload, {
        // Not idempotent: a publish that timed out may have been delivered.
        idempotent: false,
        headers: [
          ['topic', request.topic],
          [HEADER.qos, String(request.qos)],
          [HEADER.retain, '0'],
        ],
      }),
    );
    const text = reply.string();
    if (text !== 'ok') throw new AdminError('invalid-request', `gateway refused: ${text}`);
    return {
      topic: request.topic,
      qos: request.qos,
      retain: request.retain,
      bytes: request.payload.length,
    };
  }

  listRetained(filter: RetainedFilter): Promise<views.Page<views.RetainedView>> {
    return listRetained(this.options.retain, filter);
  }

  getRetained(topic: string): Promise<views.RetainedView | undefined> {
    return getRetained(this.options.retain, topic);
  }

  deleteRetained(topic: string): Promise<boolean> {
    return deleteRetained(this.options.retain, topic);
  }

  /** From the gateways' heartbeats; this app is no node (`self` is false everywhere). */
  nodes(): Promise<views.NodeView[]> {
    return Promise.resolve(this.liveNodes().map(knownNodeView));
  }

  /**
   * Counters summed over the live nodes (nodeId `cluster`). A node that restarted counts from
   * zero again, so sums are not monotonic. retainedMessages is the shared store's count once;
   * uptimeSeconds is that of the longest-running node.
   */
  async stats(): Promise<views.StatsView> {
    const all = await this.askEveryNode((id) => nodeAdminContract(id, 'stats'), {});
    const sum = (field: keyof Omit<views.StatsView, 'nodeId'>): number =>
      all.reduce((total, s) => total + s[field], 0);
    const retain = this.options.retain;
    return {
      nodeId: 'cluster',
      connections: sum('connections'),
      sessions: sum('sessions'),
      subscriptions: sum('subscriptions'),
      retainedMessages: await unavailableOnError('retained store', () => retain.count()),
      connects: sum('connects'),
      takeovers: sum('takeovers'),
      authFailures: sum('authFailures'),
      messagesReceived: sum('messagesReceived'),
      messagesRouted: sum('messagesRouted'),
      messagesFromCluster: sum('messagesFromCluster'),
      messagesDropped: sum('messagesDropped'),
      publishDenied: sum('publishDenied'),
      subscribeDenied: sum('subscribeDenied'),
      sessionsExpired: sum('sessionsExpired'),
      uptimeSeconds: all.reduce((max, s) => Math.max(max, s.uptimeSeconds), 0),
    };
  }

  private liveNodes(): KnownNode[] {
    return [...this.options.nodes()].sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));
  }

  /** The same request to every live node, in parallel; any failure fails the whole call. */
  private askEveryNode<Req extends object, Rep extends object>(
    contractOf: (nodeId: string) => JsonContract<Req, Rep>,
    request: Req,
  ): Promise<Rep[]> {
    return Promise.all(
      this.liveNodes().map(async (node) => {
        try {
          return await this.options.rpc.call(contractOf(node.nodeId), request, {
            timeoutMs: this.options.nodeTimeoutMs,
          });
        } catch (e: unknown) {
          throw toAdminError(e, `node ${node.nodeId}: `);
        }
      }),
    );
  }

  /** A session-service call; NOT_FOUND (no such session) is `undefined`. */
  private async sessionCall<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (e: unknown) {
      if (e instanceof RpcError && e.code === 'NOT_FOUND') return undefined;
      throw toAdminError(e, 'session service: ');
    }
  }

  private async rpcOrAdminError<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e: unknown) {
      throw toAdminError(e, '');
    }
  }
}

/** BAD_REQUEST keeps its field (400); anything else from NATS is "unavailable" (503). */
function toAdminError(e: unknown, context: string): unknown {
  if (!(e instanceof RpcError)) return e;
  return e.code === 'BAD_REQUEST'
    ? new AdminError('invalid-request', context + e.message, e.field)
    : new AdminError('unavailable', context + e.message);
}
