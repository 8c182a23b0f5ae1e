import type { SessionStore, StoredSession } from '@mithqtt/broker';
import {
  type JsonContract,
  nodeSessionContract,
  SESSION_DELETE,
  SESSION_GET,
  SESSION_KICK,
  SESSION_SUBSCRIBE,
  SESSION_UNSUBSCRIBE,
  type SessionGetReply,
  type SessionSubscribeRequest,
  type SessionSubscription,
  type SessionUnsubscribeReply,
  type SessionUnsubscribeRequest,
} from '@mithqtt/contracts';
import type { SubscriptionOptions } from '@mithqtt/protocol';
import type { RpcClient } from '../rpc/rpc-client';
import { RpcError } from '../rpc/rpc-error';
import type { RpcServer } from '../rpc/rpc-server';

export interface SessionServiceOptions {
  /** Calls the gateway nodes (`mqtt.node.v1.<nodeId>.session.*`): short deadline, few retries. */
  readonly nodes: RpcClient;
  /**
   * Ids of the gateway nodes alive now (their heartbeats): asked in turn for a client the
   * store does not know, i.e. one connected with CleanSession=1 (never stored).
   */
  readonly liveNodes: () => readonly string[];
  /**
   * Expiry (ms) re-applied to an offline session changed here in the store, as a gateway
   * does after a write to an offline session: the change restarts its expiry.
   */
  readonly sessionExpiryMs: number;
  /** Store failures (the caller sees UNAVAILABLE). */
  readonly onError?: (operation: string, error: unknown) => void;
}

type NodeContract<Q extends object, R extends object> = (node: string) => JsonContract<Q, R>;

/**
 * The session service's handlers: `mqtt.session.v1.*` for any microservice, in a queue group
 * (stateless: any number of replicas). Where a session is decides how a verb is applied:
 *
 * 1. The node that last opened it is read from the store (`ownerOf`); for a session the store
 *    does not know (a clean session) every live node is asked.
 * 2. A node holding the session, connected or offline, gets the verb on its node-addressed
 *    subject and applies it to its broker: its memory is the session's source of truth
 *    (docs/decisions/0008), so the store is not written behind its back.
 * 3. A stored session no live node holds (its node died and no node adopted it yet, or every
 *    node is gone) is read and changed in the store, where the next CONNECT loads it.
 * 4. Nothing anywhere: NOT_FOUND.
 *
 * A node that does not answer in time is a TIMEOUT (the store is left alone: the node may
 * still hold the session); a node that is gone (no responders) counts as not holding it.
 */
export class SessionService {
  constructor(
    private readonly store: SessionStore,
    private readonly options: SessionServiceOptions,
  ) {}

  register(server: RpcServer): void {
    server.handleJson(SESSION_GET, ({ clientId }) => this.get(clientId));
    server.handleJson(SESSION_KICK, ({ clientId }) => this.kick(clientId));
    server.handleJson(SESSION_DELETE, ({ clientId }) => this.delete(clientId));
    server.handleJson(SESSION_SUBSCRIBE, (request) => this.subscribe(request));
    server.handleJson(SESSION_UNSUBSCRIBE, (request) => this.unsubscribe(request));
  }

  private async get(clientId: string): Promise<SessionGetReply> {
    const owner = await this.ownerOf(clientId);
    const held = await this.onNode((n) => nodeSessionContract(n, 'get'), { clientId }, owner);
    if (held) return held;
    return storedView(await this.loadStored(clientId, owner));
  }

  private async kick(clientId: string): Promise<{ kicked: boolean }> {
    const owner = await this.ownerOf(clientId);
    const held = await this.onNode((n) => nodeSessionContract(n, 'kick'), { clientId }, owner);
    if (held) return held;
    // Stored, held by no live node: nobody is connected with it.
    if (owner === undefined) throw notFound(clientId);
    return { kicked: false };
  }

  private async delete(clientId: string): Promise<{ deleted: boolean }> {
    const owner = await this.ownerOf(clientId);
    const contract: NodeContract<{ clientId: string }, { deleted: boolean }> = (n) =>
      nodeSessionContract(n, 'delete');
    const held = await this.onNode(contract, { clientId }, owner);
    if (held) return held;
    if (owner === undefined) throw notFound(clientId);
    await this.changeStored('delete', () => this.store.delete(clientId));
    return { deleted: true };
  }

  private async subscribe(request: SessionSubscribeRequest): Promise<SessionSubscription> {
    const { clientId, filter, qos } = request;
    const owner = await this.ownerOf(clientId);
    const contract: NodeContract<SessionSubscribeRequest, SessionSubscription> = (n) =>
      nodeSessionContract(n, 'subscribe');
    const held = await this.onNode(contract, request, owner);
    if (held) return held;
    await this.loadStored(clientId, owner);
    // The options a 3.1.1 SUBSCRIBE gets (as LocalAdmin.addSubscription); replaces any
    // subscription to the same filter [MQTT-3.8.4-3].
    const options: SubscriptionOptions = {
      qos,
      noLocal: false,
      retainAsPublished: false,
      retainHandling: 0,
    };
    await this.changeStored('subscribe', () => {
      this.store.setSubscription(clientId, filter, options);
      this.store.expire(clientId, this.options.sessionExpiryMs);
    });
    await this.alsoOnAdopter(contract, request, owner);
    return { filter, qos };
  }

  private async unsubscribe(request: SessionUnsubscribeRequest): Promise<SessionUnsubscribeReply> {
    const { clientId, filter } = request;
    const owner = await this.ownerOf(clientId);
    const contract: NodeContract<SessionUnsubscribeRequest, SessionUnsubscribeReply> = (n) =>
      nodeSessionContract(n, 'unsubscribe');
    const held = await this.onNode(contract, request, owner);
    if (held) return held;
    const stored = await this.loadStored(clientId, owner);
    if (!stored.subscriptions.has(filter)) return { removed: false };
    await this.changeStored('unsubscribe', () => this.store.removeSubscription(clientId, filter));
    await this.alsoOnAdopter(contract, request, owner);
    return { removed: true };
  }

  /**
   * Applies a verb on the node holding the session: the owner the store names, or (for a
   * session the store does not know) whichever live node holds it. Undefined when none does.
   */
  private async onNode<Q extends object, R extends object>(
    contract: NodeContract<Q, R>,
    request: Q,
    owner: string | undefined,
  ): Promise<R | undefined> {
    const candidates = owner === undefined ? this.options.liveNodes() : owner ? [owner] : [];
    const outcomes = await Promise.allSettled(
      candidates.map((node) => this.options.nodes.call(contract(node), request)),
    );
    let failure: unknown;
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') return outcome.value;
      const e: unknown = outcome.reason;
      // NOT_FOUND: that node does not hold it; UNAVAILABLE: that node is gone.
      if (e instanceof RpcError && (e.code === 'NOT_FOUND' || e.code === 'UNAVAILABLE')) continue;
      failure ??= e;
    }
    if (failure !== undefined) throw failure;
    return undefined;
  }

  /**
   * A surviving node may have adopted the session (docs/decisions/0008) between our read of
   * its owner and our store write, and loaded it before the write: the store then names the
   * adopter, which is told too. (An adopter that loads after the write has the change.)
   */
  private async alsoOnAdopter<Q extends object, R extends object>(
    contract: NodeContract<Q, R>,
    request: Q,
    owner: string | undefined,
  ): Promise<void> {
    const now = await this.ownerOf(clientIdOf(request));
    if (now === undefined || now === '' || now === owner) return;
    await this.onNode(contract, request, now).catch((e: unknown) => {
      this.options.onError?.('adopter', e);
    });
  }

  private async loadStored(clientId: string, owner: string | undefined): Promise<StoredSession> {
    if (owner === undefined) throw notFound(clientId);
    const stored = await this.guard('load', () => this.store.load(clientId));
    if (!stored) throw notFound(clientId);
    return stored;
  }

  /** Node that last opened the session ('' if unknown), or undefined: none stored. */
  private ownerOf(clientId: string): Promise<string | undefined> {
    return this.guard('ownerOf', () => this.store.ownerOf(clientId));
  }

  /** Journal writes are not awaited by the store: flush before the reply claims success. */
  private changeStored(operation: string, change: () => void): Promise<void> {
    return this.guard(operation, async () => {
      change();
      await this.store.flush();
    });
  }

  /** Store failures are UNAVAILABLE to the caller; the cause goes to the service's log. */
  private async guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e: unknown) {
      this.options.onError?.(operation, e);
      throw new RpcError('UNAVAILABLE', 'session store unavailable');
    }
  }
}

function notFound(clientId: string): RpcError {
  return new RpcError('NOT_FOUND', `no session of client ${clientId}`);
}

function clientIdOf(request: object): string {
  return (request as { clientId: string }).clientId;
}

/** A stored session nobody holds: offline by definition. */
function storedView(stored: StoredSession): SessionGetReply {
  const subscriptions = [...stored.subscriptions]
    .map(([filter, o]) => ({ filter, qos: o.qos }))
    .sort((a, b) => (a.filter < b.filter ? -1 : a.filter > b.filter ? 1 : 0));
  return {
    clientId: stored.clientId,
    online: false,
    node: null,
    persistent: true,
    subscriptions,
    queued: stored.queue.length,
    inflight: stored.inflight.length,
  };
}
