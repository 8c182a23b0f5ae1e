import type { Broker } from '@mithqtt/broker';
import { Channel, type Message, type Session, type SubscriptionOptions } from '@mithqtt/protocol';
import { validateTopicFilter, validateTopicName } from '@mithqtt/topic';
import {
  type AdminPort,
  type ClientFilter,
  type PublishRequest,
  type RetainedFilter,
  type SessionFilter,
  type SubscriptionRequest,
} from './admin.port';
import { mapPage, pageBy } from './paging';
import {
  deleteRetained,
  getRetained,
  invalidTopic,
  listRetained,
  unavailableOnError,
} from './retained-admin';
import type * as views from './views';

export interface LocalAdminOptions {
  readonly nodeId: string;
  /** When this node started (ms since epoch), for `startedAt` and uptime. */
  readonly startedAt: number;
  /** The other live nodes of the cluster (from their heartbeats); none when standalone. */
  readonly otherNodes?: () => views.NodeView[];
  readonly now?: () => number;
}

/** A connected client: its channel has passed CONNACK and holds a session. */
type Connected = Channel & { identity: NonNullable<Channel['identity']>; session: Session };

function isConnected(channel: Channel): channel is Connected {
  return channel.phase === 'connected' && channel.identity !== undefined && !!channel.session;
}

/**
 * The AdminPort over this node's own Broker (the embedded deployment, or one gateway's view
 * of itself). Reads are snapshots of in-memory state; nothing here is on the publish path.
 */
export class LocalAdmin implements AdminPort {
  private readonly now: () => number;

  constructor(
    private readonly broker: Broker,
    private readonly options: LocalAdminOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  listClients(filter: ClientFilter): Promise<views.Page<views.ClientView>> {
    const connected = [...this.broker.allChannels()].filter(isConnected);
    const page = pageBy(
      connected,
      (c) => c.identity.clientId,
      filter,
      (c) =>
        (filter.clientIdPrefix === undefined ||
          c.identity.clientId.startsWith(filter.clientIdPrefix)) &&
        (filter.username === undefined || c.identity.username === filter.username),
    );
    return Promise.resolve(mapPage(page, (c) => this.clientView(c)));
  }

  getClient(clientId: string): Promise<views.ClientView | undefined> {
    const channel = this.channelOf(clientId);
    return Promise.resolve(channel && this.clientView(channel));
  }

  kickClient(clientId: string): Promise<boolean> {
    return Promise.resolve(this.broker.kick(clientId));
  }

  listSessions(filter: SessionFilter): Promise<views.Page<views.SessionView>> {
    const page = pageBy(
      this.broker.allSessions(),
      (s) => s.clientId,
      filter,
      (s) =>
        (filter.clientIdPrefix === undefined || s.clientId.startsWith(filter.clientIdPrefix)) &&
        (filter.online === undefined || (s.owner !== undefined) === filter.online),
    );
    return Promise.resolve(mapPage(page, (s) => this.sessionView(s)));
  }

  getSession(clientId: string): Promise<views.SessionView | undefined> {
    const session = this.broker.getSession(clientId);
    return Promise.resolve(session && this.sessionView(session));
  }

  deleteSession(clientId: string): Promise<boolean> {
    return Promise.resolve(this.broker.deleteSession(clientId));
  }

  listSubscriptions(clientId: string): Promise<views.SubscriptionView[] | undefined> {
    const session = this.broker.getSession(clientId);
    return Promise.resolve(session && subscriptionsOf(session));
  }

  /**
   * As a SUBSCRIBE from the client would: the filter is validated ([MQTT-4.7.1-2/3],
   * [MQTT-4.7.3-1/2]), an existing subscription to it is replaced [MQTT-3.8.4-3], and the
   * retained messages it matches are delivered [MQTT-3.3.1-6]. The ACL is not consulted: an
   * administrator's decision overrides it. Resolves once other nodes route the filter here.
   */
  async addSubscription(
    clientId: string,
    request: SubscriptionRequest,
  ): Promise<views.SubscriptionView | undefined> {
    const problem = validateTopicFilter(request.filter, { allowShared: false });
    if (problem !== null) throw invalidTopic('filter', problem);
    const session = this.broker.getSession(clientId);
    if (!session) return undefined;
    // The same options a 3.1.1 SUBSCRIBE gets (handlers/subscribe.ts).
    const options: SubscriptionOptions = {
      qos: request.qos,
      noLocal: false,
      retainAsPublished: false,
      retainHandling: 0,
    };
    session.subscriptions.set(request.filter, options);
    await this.broker.subscribe(session, request.filter, options);
    return { filter: request.filter, qos: request.qos };
  }

  removeSubscription(clientId: string, filter: string): Promise<boolean | undefined> {
    const session = this.broker.getSession(clientId);
    if (!session) return Promise.resolve(undefined);
    if (!session.subscriptions.delete(filter)) return Promise.resolve(false);
    this.broker.unsubscribe(session, filter);
    return Promise.resolve(true);
  }

  /**
   * Publishes as a device would, minus authorization. A retained message is stored before
   * the call returns (so a subscriber that connects after the response gets it) and then
   * routed like any live message, with RETAIN=0 [MQTT-3.3.1-9].
   */
  async publish(request: PublishRequest): Promise<views.PublishResult> {
    const problem = validateTopicName(request.topic);
    if (problem !== null) throw invalidTopic('topic', problem);
    const message: Message = {
      topic: request.topic,
      payload: request.payload,
      qos: request.qos,
      retain: request.retain,
    };
    if (request.retain) {
      // [MQTT-3.3.1-10/11] an empty retained payload deletes; otherwise last write wins.
      const retain = this.broker.options.retain;
      await unavailableOnError<unknown>('retained store', () =>
        request.payload.length === 0 ? retain.delete(request.topic) : retain.set(message),
      );
    }
    // Strict durability: answered once the message is in the durable log (503 if it failed).
    const durable = this.broker.publish({ ...message, retain: false });
    if (durable) await unavailableOnError('durable log', () => durable);
    return {
      topic: request.topic,
      qos: request.qos,
      retain: request.retain,
      bytes: request.payload.length,
    };
  }

  listRetained(filter: RetainedFilter): Promise<views.Page<views.RetainedView>> {
    return listRetained(this.broker.options.retain, filter);
  }

  getRetained(topic: string): Promise<views.RetainedView | undefined> {
    return getRetained(this.broker.options.retain, topic);
  }

  deleteRetained(topic: string): Promise<boolean> {
    return deleteRetained(this.broker.options.retain, topic);
  }

  nodes(): Promise<views.NodeView[]> {
    const now = new Date(this.now()).toISOString();
    const self: views.NodeView = {
      nodeId: this.options.nodeId,
      self: true,
      connections: this.broker.connectionCount,
      sessions: this.broker.sessionCount,
      subscriptions: this.broker.subscriptionCount,
      startedAt: new Date(this.options.startedAt).toISOString(),
      lastSeen: now,
    };
    const others = (this.options.otherNodes?.() ?? []).filter(
      (n) => n.nodeId !== this.options.nodeId,
    );
    others.sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));
    return Promise.resolve([self, ...others]);
  }

  async stats(): Promise<views.StatsView> {
    const s = this.broker.stats;
    const retain = this.broker.options.retain;
    return {
      nodeId: this.options.nodeId,
      connections: this.broker.connectionCount,
      sessions: this.broker.sessionCount,
      subscriptions: this.broker.subscriptionCount,
      retainedMessages: await unavailableOnError('retained store', () => retain.count()),
      connects: s.connects,
      takeovers: s.takeovers,
      authFailures: s.authFailures,
      messagesReceived: s.messagesIn,
      messagesRouted: s.messagesOut,
      messagesFromCluster: s.messagesFromCluster,
      messagesDropped: s.dropped,
      publishDenied: s.publishDenied,
      subscribeDenied: s.subscribeDenied,
      sessionsExpired: s.sessionsExpired,
      uptimeSeconds: Math.floor((this.now() - this.options.startedAt) / 1000),
    };
  }

  /** The live connection of `clientId`: the session's owner is its Channel. */
  private channelOf(clientId: string): Connected | undefined {
    const owner = this.broker.getSession(clientId)?.owner;
    return owner instanceof Channel && isConnected(owner) ? owner : undefined;
  }

  private clientView(c: Connected): views.ClientView {
    const session = c.session;
    return {
      clientId: c.identity.clientId,
      username: c.identity.username ?? null,
      remoteAddress: c.identity.remoteAddress,
      protocolVersion: c.protocolVersion,
      cleanSession: c.cleanSession,
      keepAlive: c.keepAlive,
      connectedAt: new Date(c.openedAt).toISOString(),
      lastActivity: new Date(c.lastActivity).toISOString(),
      node: this.options.nodeId,
      subscriptions: session.subscriptions.size,
      inflight: session.inflight.size,
      queued: session.queue.length,
      dropped: session.dropped,
    };
  }

  private sessionView(s: Session): views.SessionView {
    return {
      clientId: s.clientId,
      persistent: s.persistent,
      online: s.owner !== undefined,
      node: this.options.nodeId,
      subscriptions: subscriptionsOf(s),
      inflight: s.inflight.size,
      queued: s.queue.length,
      dropped: s.dropped,
      expiresAt:
        s.owner === undefined && s.expiresAt !== undefined
          ? new Date(s.expiresAt).toISOString()
          : null,
    };
  }
}

function subscriptionsOf(session: Session): views.SubscriptionView[] {
  return [...session.subscriptions]
    .map(([filter, o]) => ({ filter, qos: o.qos }))
    .sort((a, b) => (a.filter < b.filter ? -1 : a.filter > b.filter ? 1 : 0));
}
