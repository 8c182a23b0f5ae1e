import type {
  ClientView,
  NodeView,
  Page,
  PublishResult,
  RetainedView,
  SessionView,
  StatsView,
  SubscriptionView,
} from './views';

/** Nest token of the AdminPort the controllers use. */
export const ADMIN_PORT = Symbol('ADMIN_PORT');

export interface PageRequest {
  /** Most items to return. */
  readonly limit: number;
  /** Exclusive cursor: the `next` of the previous page. */
  readonly after?: string;
}

export interface ClientFilter extends PageRequest {
  readonly clientIdPrefix?: string;
  readonly username?: string;
}

export interface SessionFilter extends PageRequest {
  readonly clientIdPrefix?: string;
  readonly online?: boolean;
}

export interface RetainedFilter extends PageRequest {
  /** An MQTT topic filter (wildcards allowed). */
  readonly filter: string;
}

export interface PublishRequest {
  readonly topic: string;
  readonly payload: Buffer;
  readonly qos: 0 | 1 | 2;
  readonly retain: boolean;
}

export interface SubscriptionRequest {
  readonly filter: string;
  readonly qos: 0 | 1 | 2;
}

/**
 * Everything the HTTP admin API does to the broker. Async so that the same controllers work
 * over the node's own Broker (LocalAdmin, embedded) and over NATS RPCs to every gateway
 * (distributed). Methods return `undefined`/`false` for "no such client/session/message";
 * anything else that fails is an AdminError.
 */
export interface AdminPort {
  listClients(filter: ClientFilter): Promise<Page<ClientView>>;
  getClient(clientId: string): Promise<ClientView | undefined>;
  /** Closes the client's connection (its will is published). False if it is not connected. */
  kickClient(clientId: string): Promise<boolean>;

  listSessions(filter: SessionFilter): Promise<Page<SessionView>>;
  getSession(clientId: string): Promise<SessionView | undefined>;
  /** Closes any connection, then discards the session. False if there is none. */
  deleteSession(clientId: string): Promise<boolean>;

  /** Undefined when the client has no session. */
  listSubscriptions(clientId: string): Promise<SubscriptionView[] | undefined>;
  /**
   * Subscribes the client's session as a SUBSCRIBE would (matching retained messages are
   * delivered). Undefined when the client has no session.
   */
  addSubscription(
    clientId: string,
    subscription: SubscriptionRequest,
  ): Promise<SubscriptionView | undefined>;
  /** Undefined: no session; false: the session has no such filter. */
  removeSubscription(clientId: string, filter: string): Promise<boolean | undefined>;

  publish(request: PublishRequest): Promise<PublishResult>;

  listRetained(filter: RetainedFilter): Promise<Page<RetainedView>>;
  getRetained(topic: string): Promise<RetainedView | undefined>;
  deleteRetained(topic: string): Promise<boolean>;

  nodes(): Promise<NodeView[]>;
  stats(): Promise<StatsView>;
}

export type AdminErrorCode = 'invalid-request' | 'conflict' | 'unavailable';

/**
 * A failure the API reports with a status (400, 409, 503) instead of a 500: e.g. an invalid
 * topic (`field` names the request field) or a store/node that does not answer.
 */
export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}
