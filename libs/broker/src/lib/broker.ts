import type { QoS } from '@mithqtt/codec';
import {
  type Channel,
  type ChannelConfig,
  type ClientIdentity,
  type CloseReason,
  type ConnectRequest,
  type ConnectResult,
  type DrainWaiter,
  type Message,
  Session,
  type SubscriptionOptions,
} from '@mithqtt/protocol';
import { SubscriptionIndex } from '@mithqtt/topic';
import type { AuthPort, Authorizer } from './ports/auth.port';
import { type ReplayTarget, StrictDurability } from './durable/strict-durability';
import type { ClusterPort } from './ports/cluster.port';
import type { DurableLog } from './ports/durable-log.port';
import type { RetainStore } from './ports/retain.port';
import type { SessionStore, StoredSession } from './ports/session.port';
import { RemoteFlow } from './remote-flow';
import { BrokerStats } from './stats';

export interface BrokerOptions {
  readonly auth: AuthPort;
  readonly authorizer: Authorizer;
  readonly retain: RetainStore;
  readonly channel: ChannelConfig;
  /** How long an offline persistent session is kept (ms). */
  readonly sessionExpiryMs: number;
  /** Longest wait for the auth port before CONNACK 0x03 "server unavailable". */
  readonly authTimeoutMs: number;
  /**
   * Longest wait for the session store (hand-over and load) on CONNECT; past it a persistent
   * session gets CONNACK 0x03 instead of a hang. Default 5000.
   */
  readonly storeTimeoutMs?: number;
  readonly now?: () => number;
  readonly onError?: (context: string, error: unknown) => void;
  /** Other nodes (distributed mode); undefined when this node is alone. */
  readonly cluster?: ClusterPort;
  /**
   * Publisher flow control (default on): a local publisher whose message leaves an online
   * subscriber's queue at half its bound stops being read until that queue drains, so fast
   * publishers slow down to the slowest online subscriber instead of overflowing its queue
   * (which would drop messages already acknowledged to the publisher). See decision 0004.
   */
  readonly publisherFlowControl?: boolean;
  /**
   * Where persistent sessions live beyond this node (Redis in the distributed mode); undefined
   * keeps them in this node's memory only.
   */
  readonly sessionStore?: SessionStore;
  /** This node's id (recorded as a session's owner in the session store). */
  readonly nodeId?: string;
  /**
   * Strict durability (DURABILITY=strict): QoS 1/2 messages are logged here before their
   * PUBACK, and sessions taken from another node replay what they missed (decision 0008).
   * Needs `sessionStore` and `nodeId`.
   */
  readonly durableLog?: DurableLog;
}

/** A local publisher the broker can pause (the gateway's connection). */
export interface FlowControlledPublisher extends DrainWaiter {
  /** The publisher's own session: never paused on it (its acks would be stuck behind). */
  readonly session: Session | undefined;
  /** One more congested session to wait for: stop taking PUBLISH packets until drained(). */
  waitForDrain(): void;
}

/** CONNACK 3.1.1 return codes used here. */
const SERVER_UNAVAILABLE = 3;
const BAD_CREDENTIALS = 4;
const NOT_AUTHORIZED = 5;

/**
 * Strict durability: a replay after a hand-over from a live node starts this long before the
 * release was asked for (messages still travelling to the old node when it let go).
 */
const HANDOVER_MARGIN_MS = 2000;
/**
 * Strict durability: a replay for a session whose node died starts at most this long before
 * that node opened it (unless checkpoints say later), covering its own hand-over.
 */
const HELD_MARGIN_MS = 5000;

/**
 * One node's broker: the session registry, the subscription index and routing. It owns no
 * socket; channels (one per connection) call it through their host.
 */
export class Broker {
  readonly stats = new BrokerStats();
  private readonly sessions = new Map<string, Session>();
  private readonly index = new SubscriptionIndex<Session, SubscriptionOptions>();
  private readonly live = new Set<Channel>();
  private readonly now: () => number;
  /** Reused by `route` to merge overlapping subscriptions without allocating per publish. */
  private readonly routeSessions: Session[] = [];
  private readonly routeQos: QoS[] = [];
  private routeStamp = 0;
  private routing = false;
  private lastExpiryScan = 0;
  /** Filters whose cluster interest is being set up (see `subscribe`). */
  private readonly pendingInterest = new Map<string, Promise<void>>();
  /** The local publisher of the message being routed, while flow control applies. */
  private publisher: FlowControlledPublisher | undefined;
  /** The node a message being routed came from, while flow control applies. */
  private remoteOrigin: string | undefined;
  /** Flow control across nodes (undefined when alone or when flow control is off). */
  private readonly remoteFlow: RemoteFlow | undefined;
  /** Queue length at which a publisher is paused (half the bound). */
  private readonly pauseAt: number;
  /**
   * Queue length at which the origin node of a cluster message is asked to pause: earlier
   * than for a local publisher, because thousands of messages may already be on their way
   * through NATS when the origin hears of it.
   */
  private readonly remotePauseAt: number;
  /** Every queue drop of every session (online or offline, drop-new or drop-oldest). */
  private readonly countDrop = (): void => {
    this.stats.dropped++;
  };
  /** Strict durability (undefined unless a durable log is configured). */
  private readonly strict: StrictDurability | undefined;
  /** True with strict durability (DURABILITY=strict): read per QoS 1/2 delivery by the gateway. */
  readonly strictDurability: boolean;
  /** Sessions adopted since the last `finishAdoption` (strict durability replays them). */
  private adoptedPending: ReplayTarget[] = [];

  constructor(readonly options: BrokerOptions) {
    this.now = options.now ?? Date.now;
    this.pauseAt = Math.max(1, options.channel.queue.maxQueued >> 1);
    this.remotePauseAt = Math.max(1, (options.channel.queue.maxQueued * 3) >> 3);
    this.remoteFlow =
      options.cluster && options.publisherFlowControl !== false
        ? new RemoteFlow(options.cluster, this.now)
        : undefined;
    this.strict = options.durableLog
      ? new StrictDurability(
          options.durableLog,
          options.nodeId ?? '',
          {
            routeLocal: (message, publisher) =>
              this.routeLocal(message, publisher as FlowControlledPublisher | undefined),
            publishCluster: (message) => this.options.cluster?.publish(message),
            deliver: (session, message, qos) => this.deliverTo(session, message, qos, false),
            interestReady: (sessions) => this.interestOf(sessions),
            holds: (session) => this.sessions.get(session.clientId) === session,
          },
          this.stats,
          options.sessionStore,
          options.cluster,
          (context, e) => options.onError?.(context, e),
        )
      : undefined;
    this.strictDurability = this.strict !== undefined;
  }

  get connectionCount(): number {
    return this.live.size;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  get subscriptionCount(): number {
    return this.index.size;
  }

  /** A connection was accepted (before CONNECT): it joins the timer sweep. */
  attach(channel: Channel): void {
    this.live.add(channel);
  }

  /** Authenticate, take over any live connection with the same client id, open the session. */
  async connect(channel: Channel, request: ConnectRequest): Promise<ConnectResult> {
    const auth = await this.authenticate(request);
    if (auth !== 0) return { ok: false, returnCode: auth };
    if (channel.phase !== 'connecting') return { ok: false, returnCode: SERVER_UNAVAILABLE };
    let stored: StoredSession | undefined;
    let target: Omit<ReplayTarget, 'session'> = { floorMs: 0 };
    if (this.options.sessionStore && !this.sessions.has(request.clientId)) {
      try {
        ({ stored, target } = await bounded(
          this.fetchStored(this.options.sessionStore, request),
          this.options.storeTimeoutMs ?? 5000,
          'session store',
        ));
      } catch (e: unknown) {
        this.options.onError?.('sessions.load', e);
        // Without the store a persistent session cannot be resumed: "server unavailable".
        // A clean session needs nothing from it: accepted, and the delete of whatever it
        // stored is left to the store's retry [MQTT-3.1.2-6].
        if (!request.cleanSession) return { ok: false, returnCode: SERVER_UNAVAILABLE };
        this.options.sessionStore.delete(request.clientId);
      }
      if (channel.phase !== 'connecting') return { ok: false, returnCode: SERVER_UNAVAILABLE };
    }
    let session = this.sessions.get(request.clientId);
    const previous = session?.owner;
    if (previous && previous !== channel) {
      // [MQTT-3.1.4-2] the existing connection is closed; not a DISCONNECT, so its will fires.
      previous.closeWith('taken-over');
      this.stats.takeovers++;
      session = this.sessions.get(request.clientId); // a clean session was discarded by the close
    }
    let sessionPresent = false;
    let restored = false;
    if (request.cleanSession || !session) {
      if (session) this.discard(session);
      session = new Session(request.clientId, !request.cleanSession);
      session.onDrop = this.countDrop;
      this.sessions.set(request.clientId, session);
      if (stored && !request.cleanSession) {
        this.restore(session, stored);
        sessionPresent = true;
        restored = true;
      }
    } else {
      sessionPresent = true;
    }
    // The rules (or the user) may have changed while the session was away: a resumed
    // subscription is held to the same check as a new SUBSCRIBE.
    if (sessionPresent) this.dropDeniedSubscriptions(session, request);
    const store = this.options.sessionStore;
    if (store && session.persistent) {
      store.open(request.clientId, this.options.nodeId ?? '');
      session.observer ??= store.observe(request.clientId);
    }
    session.owner = channel;
    session.expiresAt = undefined;
    session.connectedAt = this.now();
    this.stats.connects++;
    this.options.cluster?.clientConnected({
      clientId: request.clientId,
      username: request.username,
      cleanSession: request.cleanSession,
      remoteAddress: request.remoteAddress,
      at: session.connectedAt,
    });
    if (restored && !(await this.resumed(channel, session, target))) {
      // Closed (or taken over) while waiting: as if the connection ended now.
      this.disconnected(channel, session, 'socket-closed');
      return { ok: false, returnCode: SERVER_UNAVAILABLE };
    }
    return { ok: true, session, sessionPresent };
  }

  /**
   * The same client id connected on another node at `at`. One live connection per client id
   * in the cluster [MQTT-3.1.4-2]: the older connection is closed (will published); on a tie the
   * cluster adapter's deterministic order decides (`remoteWinsTie`). An offline session held
   * here is dropped: the client's session now lives on the other node.
   */
  remoteConnect(clientId: string, at: number, remoteWinsTie: boolean): void {
    const session = this.sessions.get(clientId);
    if (!session) return;
    const owner = session.owner;
    if (!owner) {
      this.forget(session);
      return;
    }
    if (session.connectedAt > at || (session.connectedAt === at && !remoteWinsTie)) return;
    owner.closeWith('taken-over');
    this.stats.takeovers++;
    const left = this.sessions.get(clientId);
    if (left && !left.owner) this.forget(left);
  }

  /**
   * Another node is taking `clientId`'s session (ClusterPort.releaseSession): close the
   * connection here (its will fires, [MQTT-3.1.4-2]), make sure the store holds everything,
   * and forget the session locally. The store keeps it for the other node.
   */
  async releaseSession(clientId: string): Promise<void> {
    let session = this.sessions.get(clientId);
    if (!session) return;
    if (this.strict) {
      // A replay still running for it (adoption) must land in the journal before it moves on.
      await bounded(this.strict.replayOf(session), 5000, 'replay').catch((e: unknown) =>
        this.options.onError?.('durable.replay', e),
      );
      session = this.sessions.get(clientId);
      if (!session) return;
    }
    if (session.owner) {
      session.owner.closeWith('taken-over');
      this.stats.takeovers++;
    }
    const left = this.sessions.get(clientId);
    if (left && !left.owner) this.forget(left);
    await this.options.sessionStore?.flush();
  }

  authorizePublish(identity: ClientIdentity, topic: string, qos: QoS, retain: boolean): boolean {
    const ok = this.options.authorizer.canPublish(identity, topic, qos, retain);
    if (!ok) this.stats.publishDenied++;
    return ok;
  }

  authorizeSubscribe(identity: ClientIdentity, filter: string, qos: QoS): boolean {
    const ok = this.options.authorizer.canSubscribe(identity, filter, qos);
    if (!ok) this.stats.subscribeDenied++;
    return ok;
  }

  /**
   * Accept an application message: update the retained store, then route it. `publisher`
   * (a local client) may be paused by flow control.
   */
  publish(message: Message, publisher?: FlowControlledPublisher): Promise<void> | undefined {
    this.stats.messagesIn++;
    if (message.retain) {
      // [MQTT-3.3.1-10/11] an empty retained payload deletes; otherwise last write wins [MQTT-3.3.1-5].
      const op =
        message.payload.length === 0
          ? this.options.retain.delete(message.topic)
          : this.options.retain.set(message);
      op.catch((e: unknown) => this.options.onError?.('retain.set', e));
    }
    // Strict durability: QoS 1/2 is logged first; the PUBACK waits for the returned promise.
    if (this.strict) return this.strict.publish(message, publisher);
    this.accept(message, publisher);
    return undefined;
  }

  /** Route an accepted message here and hand it to the other nodes. */
  private accept(message: Message, publisher: FlowControlledPublisher | undefined): void {
    this.routeLocal(message, publisher);
    this.options.cluster?.publish(message);
  }

  /** Deliver an accepted message to this node's sessions (the publisher may be paused). */
  private routeLocal(message: Message, publisher: FlowControlledPublisher | undefined): void {
    if (publisher !== undefined && this.options.publisherFlowControl !== false) {
      this.publisher = publisher;
      try {
        this.route(message);
      } finally {
        this.publisher = undefined;
      }
      this.remoteFlow?.hold(publisher);
    } else {
      this.route(message);
    }
  }

  /** Node `by` asks this node to pause its publishers, or lets them go on (cross-node flow). */
  remoteFlowControl(by: string, pause: boolean): void {
    if (pause) this.remoteFlow?.pause(by);
    else this.remoteFlow?.resume(by);
  }

  /** A message from another node: local subscribers only (its origin stored any retained copy). */
  routeFromCluster(message: Message, originNode?: string): void {
    this.stats.messagesFromCluster++;
    this.remoteOrigin = this.remoteFlow ? originNode : undefined;
    try {
      this.route(message);
    } finally {
      this.remoteOrigin = undefined;
    }
    if (message.logId !== undefined) this.strict?.noteRouted(message);
  }

  /**
   * Strict durability: what a QoS 1/2 PUBLISH to `session` must wait for before it is written
   * to the socket (its journal write of this turn; see SessionStore.written).
   */
  journaled(session: Session): Promise<void> | undefined {
    if (!this.strict || !session.persistent) return undefined;
    return this.options.sessionStore?.written?.(session.clientId);
  }

  /** Stop background work (shutdown). */
  close(): void {
    this.strict?.close();
  }

  /**
   * Deliver to every matching session once, at the highest QoS granted among its overlapping
   * subscriptions (3.1.1 allows either; one copy is what clients expect), capped by the
   * publish QoS [MQTT-3.8.4-6]. Live forwarding carries RETAIN=0 [MQTT-3.3.1-9].
   */
  route(message: Message): void {
    // A delivery can re-enter route (e.g. a close that publishes a will): fresh arrays then.
    const nested = this.routing;
    const sessions = nested ? [] : this.routeSessions;
    const granted: QoS[] = nested ? [] : this.routeQos;
    const stamp = ++this.routeStamp;
    this.routing = true;
    try {
      // Match phase: nothing is delivered here, so stamps cannot be disturbed mid-pass.
      this.index.match(message.topic, (session, options) => {
        if (session.routeStamp !== stamp) {
          session.routeStamp = stamp;
          session.routeSlot = sessions.length;
          sessions.push(session);
          granted.push(options.qos);
        } else if (options.qos > (granted[session.routeSlot] as QoS)) {
          granted[session.routeSlot] = options.qos;
        }
      });
      for (let i = 0; i < sessions.length; i++) {
        const g = granted[i] as QoS;
        this.deliverTo(sessions[i] as Session, message, g < message.qos ? g : message.qos, false);
      }
    } finally {
      sessions.length = 0;
      granted.length = 0;
      if (!nested) this.routing = false;
    }
  }

  /**
   * Index a subscription, then send the retained messages it matches [MQTT-3.3.1-6]. Returns
   * a promise while other nodes do not yet route the filter here: the gateway holds the SUBACK
   * until then, so that once a client has its SUBACK, a message published on any node reaches
   * it (undefined when nothing is pending).
   */
  subscribe(
    session: Session,
    filter: string,
    options: SubscriptionOptions,
  ): Promise<void> | undefined {
    this.indexSubscription(session, filter, options);
    if (session.persistent) {
      this.options.sessionStore?.setSubscription(session.clientId, filter, options);
    }
    this.options.cluster?.subscriptionChanged({
      clientId: session.clientId,
      filter,
      qos: options.qos,
      at: this.now(),
    });
    this.options.retain.match(filter).then(
      (retained) => {
        for (const message of retained) {
          const qos = options.qos < message.qos ? options.qos : message.qos;
          // [MQTT-3.3.1-8] sent because of a new subscription: RETAIN=1.
          this.deliverTo(session, message, qos, true);
        }
      },
      (e: unknown) => this.options.onError?.('retain.match', e),
    );
    return this.pendingInterest.get(filter);
  }

  unsubscribe(session: Session, filter: string): void {
    this.removeSubscription(session, filter);
    if (session.persistent) this.options.sessionStore?.removeSubscription(session.clientId, filter);
    this.options.cluster?.subscriptionChanged({
      clientId: session.clientId,
      filter,
      at: this.now(),
    });
  }

  private indexSubscription(session: Session, filter: string, options: SubscriptionOptions): void {
    const added = this.index.add(filter, session, options);
    const cluster = this.options.cluster;
    if (!cluster || !added || this.index.countKeys(filter) !== 1) return;
    const ready = cluster.interestAdded(filter).finally(() => {
      if (this.pendingInterest.get(filter) === ready) this.pendingInterest.delete(filter);
    });
    this.pendingInterest.set(filter, ready);
  }

  private removeSubscription(session: Session, filter: string): void {
    if (this.index.remove(filter, session) && this.index.countKeys(filter) === 0) {
      this.options.cluster?.interestRemoved(filter);
    }
  }

  /**
   * A session resumed from the store (another node held it) had its filters indexed here just
   * now: the CONNACK waits (at most 2 s) until NATS routes them to this node, as a SUBACK does,
   * so a message published elsewhere right after the client is told its session is present is
   * not missed. With strict durability it also waits for the replay of what the session missed
   * meanwhile (bounded by the store timeout; the replay goes on after it if needed). False
   * when the connection closed meanwhile.
   */
  private async resumed(
    channel: Channel,
    session: Session,
    target: Omit<ReplayTarget, 'session'>,
  ): Promise<boolean> {
    const work = this.strict
      ? this.strict.replay([{ session, ...target }])
      : this.interestOf([session]);
    await bounded(work, this.options.storeTimeoutMs ?? 5000, 'session resume').catch((e: unknown) =>
      this.options.onError?.('sessions.resume', e),
    );
    return channel.phase === 'connecting' && session.owner === channel;
  }

  /** Resolves once other nodes route these sessions' filters here (at most 2 s; never rejects). */
  private async interestOf(sessions: readonly Session[]): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const session of sessions) {
      for (const filter of session.subscriptions.keys()) {
        const ready = this.pendingInterest.get(filter);
        if (ready) pending.push(ready);
      }
    }
    if (pending.length === 0) return;
    await bounded(Promise.all(pending), 2000, 'cluster interest').catch((e: unknown) =>
      this.options.onError?.('cluster.interest', e),
    );
  }

  /**
   * Remove `session`'s subscriptions `identity` may no longer make (as an UNSUBSCRIBE would:
   * 3.1.1 cannot tell the client). Messages already queued for it stay: they were allowed
   * when they were routed. Returns how many were removed.
   */
  dropDeniedSubscriptions(session: Session, identity: ClientIdentity): number {
    let dropped = 0;
    for (const [filter, options] of [...session.subscriptions]) {
      if (this.options.authorizer.canSubscribe(identity, filter, options.qos)) continue;
      session.subscriptions.delete(filter);
      this.unsubscribe(session, filter);
      this.stats.subscribeDenied++;
      dropped++;
    }
    return dropped;
  }

  /** A channel's connection is gone. */
  disconnected(channel: Channel, session: Session | undefined, reason: CloseReason): void {
    this.live.delete(channel);
    if (!session || session.owner !== channel) return;
    session.owner = undefined;
    // An offline queue only drains on reconnect: its publishers go on (the drop policy applies).
    session.releaseDrainWaiters();
    this.options.cluster?.clientDisconnected({
      clientId: session.clientId,
      reason,
      at: this.now(),
    });
    if (!session.persistent) {
      // [MQTT-3.1.2-6] a clean session ends with the connection.
      this.discard(session);
      return;
    }
    session.expiresAt = this.now() + this.options.sessionExpiryMs;
    this.options.sessionStore?.expire(session.clientId, this.options.sessionExpiryMs);
  }

  /**
   * Keepalive/connect timeouts (every call: the host calls this 4 times a second, so a
   * keepalive closes at most 250 ms after 1.5x [MQTT-3.1.2-24]) and session expiry (about once
   * a second: a session outliving its expiry by a second harms no one).
   */
  sweep(): void {
    const now = this.now();
    for (const channel of this.live) channel.tick(now);
    if (now - this.lastExpiryScan < 1000) return;
    this.lastExpiryScan = now;
    for (const session of this.sessions.values()) {
      if (
        session.owner === undefined &&
        session.expiresAt !== undefined &&
        session.expiresAt <= now
      ) {
        this.discard(session);
        this.stats.sessionsExpired++;
      }
    }
  }

  /** Close every connection (graceful shutdown); wills of the closed clients are published. */
  closeAll(reason: CloseReason): void {
    for (const channel of [...this.live]) channel.closeWith(reason);
  }

  getSession(clientId: string): Session | undefined {
    return this.sessions.get(clientId);
  }

  /** Every session this node holds, online or offline (admin API; do not mutate while iterating). */
  allSessions(): IterableIterator<Session> {
    return this.sessions.values();
  }

  /** Every accepted connection, including ones still before CONNACK (admin API). */
  allChannels(): ReadonlySet<Channel> {
    return this.live;
  }

  /** Close the live connection of `clientId` (admin kick; not a DISCONNECT, so its will fires). */
  kick(clientId: string): boolean {
    const owner = this.sessions.get(clientId)?.owner;
    if (!owner) return false;
    owner.closeWith('kicked');
    return true;
  }

  /**
   * Remove a session (admin API): its connection, if any, is closed first (will published);
   * its subscriptions and queued messages are discarded. False if there was none.
   */
  deleteSession(clientId: string): boolean {
    const session = this.sessions.get(clientId);
    if (!session) return false;
    session.owner?.closeWith('kicked');
    const left = this.sessions.get(clientId);
    if (left) this.discard(left);
    return true;
  }

  private deliverTo(session: Session, message: Message, qos: QoS, retain: boolean): void {
    if (
      message.logId !== undefined &&
      qos > 0 &&
      session.persistent &&
      this.strict?.admit(session, message, qos) === false
    ) {
      return; // strict durability: taken already, or kept until the session's replay is done
    }
    this.stats.messagesOut++;
    const owner = session.owner;
    if (owner?.delivering) {
      owner.deliver(message, qos, retain);
      const queued = session.queue.length;
      if (this.publisher !== undefined) {
        if (queued >= this.pauseAt) this.congested(session, this.publisher);
      } else if (this.remoteOrigin !== undefined && queued >= this.remotePauseAt) {
        this.remoteFlow?.congestedBy(session, this.remoteOrigin);
      }
      return;
    }
    if (owner) {
      // Accepted but CONNACK not yet sent: keep it for the connection (sent after the CONNACK).
      session.enqueue(message, qos, retain, this.options.channel.queue);
      return;
    }
    if (!session.persistent) return;
    // Offline persistent session: QoS 1/2 are queued [MQTT-3.1.2-5]; QoS 0 only if configured.
    if (qos === 0 && !this.options.channel.queueQos0Offline) return;
    session.enqueue(message, qos, retain, this.options.channel.queue); // drops: countDrop
  }

  /** Pause `publisher` until `session`'s queue drains (Session.releaseDrainWaiters). */
  private congested(session: Session, publisher: FlowControlledPublisher): void {
    if (publisher.session === session) return;
    const waiters = (session.drainWaiters ??= []);
    if (waiters.includes(publisher)) return;
    waiters.push(publisher);
    this.stats.publisherPauses++;
    publisher.waitForDrain();
  }

  /** End a session: here and in the session store (clean session, expiry, admin delete). */
  private discard(session: Session): void {
    if (session.persistent) this.options.sessionStore?.delete(session.clientId);
    this.forget(session);
  }

  /** Drop this node's copy of a session (another node has it now; the store keeps it). */
  private forget(session: Session): void {
    session.observer = undefined;
    session.releaseDrainWaiters();
    for (const filter of session.subscriptions.keys()) this.removeSubscription(session, filter);
    session.clear();
    if (this.sessions.get(session.clientId) === session) this.sessions.delete(session.clientId);
  }

  /**
   * Before a CONNECT opens a session this node does not hold: the node that last held it is
   * asked to let go (so everything it journaled is stored), then the stored session is
   * loaded (CleanSession=0) or deleted (CleanSession=1, [MQTT-3.1.2-6]).
   */
  private async fetchStored(
    store: SessionStore,
    request: ConnectRequest,
  ): Promise<{ stored: StoredSession | undefined; target: Omit<ReplayTarget, 'session'> }> {
    const owner = await store.ownerOf(request.clientId);
    if (owner === undefined) return { stored: undefined, target: { floorMs: 0 } };
    const cluster = this.options.cluster;
    const asked = this.now();
    let released = false;
    if (cluster && owner !== '' && owner !== this.options.nodeId) {
      released = await cluster.releaseSession(owner, request.clientId);
    }
    if (request.cleanSession) {
      store.delete(request.clientId);
      return { stored: undefined, target: { floorMs: 0 } };
    }
    const stored = await store.load(request.clientId);
    // Strict durability's replay start: a live owner journaled all it had when it let go; a
    // dead one, all but what reached it since it opened the session (checkpoints say more).
    if (released) return { stored, target: { floorMs: asked - HANDOVER_MARGIN_MS } };
    return { stored, target: this.heldTarget(stored) };
  }

  /** Where a replay starts for a session whose holder died (see ReplayTarget). */
  private heldTarget(stored: StoredSession | undefined): Omit<ReplayTarget, 'session'> {
    const since = stored?.since ?? 0;
    return { floorMs: since - HELD_MARGIN_MS, holder: stored?.node, since };
  }

  /**
   * Take over, as an offline session, a persistent session whose node died (its client has
   * not come back yet): its subscriptions are indexed here so that messages for it are queued
   * until the client reconnects, here or anywhere. False if this node already has it.
   */
  adopt(stored: StoredSession, deadNode: string): boolean {
    const store = this.options.sessionStore;
    if (!store || this.sessions.has(stored.clientId)) return false;
    const session = new Session(stored.clientId, true);
    session.onDrop = this.countDrop;
    this.sessions.set(stored.clientId, session);
    this.restore(session, stored);
    session.expiresAt = this.now() + this.options.sessionExpiryMs;
    store.expire(stored.clientId, this.options.sessionExpiryMs);
    session.observer = store.observe(stored.clientId);
    this.stats.sessionsAdopted++;
    if (this.strict) {
      // Live messages for it wait until `finishAdoption` has replayed what it missed.
      this.strict.hold(session);
      // The holder is the dead node (the store names this one since the claim).
      this.adoptedPending.push({ session, ...this.heldTarget(stored), holder: deadNode });
    }
    return true;
  }

  /**
   * After a batch of `adopt` calls: with strict durability, the adopted sessions get what the
   * durable logs hold for them that their dead node had not journaled (one pass over the logs
   * for all of them). Nothing to do otherwise.
   */
  async finishAdoption(): Promise<void> {
    const targets = this.adoptedPending;
    this.adoptedPending = [];
    if (this.strict && targets.length > 0) await this.strict.replay(targets);
  }

  /** Rebuild a session from the store: subscriptions indexed (no retained re-sent), state as stored. */
  private restore(session: Session, stored: StoredSession): void {
    for (const [filter, options] of stored.subscriptions) {
      session.subscriptions.set(filter, options);
      this.indexSubscription(session, filter, options);
    }
    session.restoreState(stored.inflight, stored.queue, stored.awaitingRelease);
    this.strict?.restore(session, stored.checkpoints);
  }

  /** 0 when authenticated, else the CONNACK return code. */
  private async authenticate(request: ConnectRequest): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.authTimeoutMs);
    });
    try {
      const result = await Promise.race([this.options.auth.authenticate(request), timeout]);
      if (result === 'timeout') return SERVER_UNAVAILABLE;
      if (result.ok) return 0;
      this.stats.authFailures++;
      return result.reason === 'bad-credentials' ? BAD_CREDENTIALS : NOT_AUTHORIZED;
    } catch (e: unknown) {
      this.options.onError?.('auth.authenticate', e);
      return SERVER_UNAVAILABLE;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** `work`, or a rejection once `ms` have passed (the work itself is not cancelled). */
async function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
