import { parseSharedFilter } from '@mithqtt/topic';
import {
  type AclIdentity,
  type CompiledRule,
  compileRules,
  decidePublish,
  decideSubscribe,
} from '../acl/acl';
import type { JwtAuthenticator } from '../jwt/jwt-authenticator';
import type { AclRule, AclRuleInput } from '../model';
import { verifyAgainstDummy, verifyPassword } from '../password/scrypt-hash';
import type { AuthStore } from '../store/auth-store.port';
import type { WebhookAuthenticator } from '../webhook/webhook-authenticator';
import { Lru } from './lru';
import { type AuthOutcome, type Credentials, refuse } from './outcome';

export type AuthMode = 'builtin' | 'jwt' | 'webhook';
/** 'auto': allow when the store holds no rule at all (no ACL configured), else deny. */
export type AclDefault = 'allow' | 'deny' | 'auto';

export interface DenialEvent {
  readonly kind: 'connect' | 'publish' | 'subscribe';
  readonly clientId: string;
  readonly username: string | undefined;
  /** Topic (publish) or filter (subscribe). */
  readonly topic?: string;
  /** Why a CONNECT was refused (never a secret). */
  readonly why?: string;
}

export interface AuthenticatorOptions {
  readonly store: AuthStore;
  readonly mode: AuthMode;
  /** Whether a CONNECT without username and password is accepted. */
  readonly anonymous: boolean;
  readonly aclDefault: AclDefault;
  /** Required in jwt mode. */
  readonly jwt?: JwtAuthenticator;
  /** Required in webhook mode. */
  readonly webhook?: WebhookAuthenticator;
  /** Clients whose compiled rules and decisions are cached (least recently used go first). */
  readonly cacheClients?: number;
  /** Decisions cached per client and action. */
  readonly cacheTopicsPerClient?: number;
  /** Every denial (count them, log them); called synchronously, keep it cheap. */
  readonly onDenied?: (event: DenialEvent) => void;
}

/** One client's rules and its recent decisions. */
interface ClientAcl {
  readonly username: string | undefined;
  readonly rules: readonly CompiledRule[];
  readonly publish: Lru<string, boolean>;
  readonly subscribe: Lru<string, boolean>;
}

/**
 * Authentication on CONNECT (built-in users, JWT or webhook) and authorization on every
 * PUBLISH / SUBSCRIBE / will. Implements the broker's AuthPort and Authorizer structurally.
 *
 * Authorization is synchronous and makes no I/O: the store's rules are held in memory and
 * compiled per client (placeholders filled in), each decision is cached in bounded LRUs, and
 * everything is recompiled after `invalidate()` (called on every store change; the distributed
 * mode also calls it on a NATS event). Rules are first-match (docs/decisions/0006).
 */
export class Authenticator {
  readonly stats = { connectDenied: 0, publishDenied: 0, subscribeDenied: 0 };
  private rules: readonly AclRule[] = [];
  private fallback = true;
  private readonly clients: Lru<string, ClientAcl>;
  /** Per-connection grants (JWT/webhook ACL) by client id, with the username they were for. */
  private readonly grants: Lru<
    string,
    { username: string | undefined; rules: readonly AclRuleInput[] }
  >;
  private readonly perClient: number;
  private generation = 0;
  private readonly unsubscribe: () => void;

  private constructor(private readonly options: AuthenticatorOptions) {
    const clients = options.cacheClients ?? 10_000;
    this.clients = new Lru(clients);
    this.grants = new Lru(Math.max(clients, 100_000));
    this.perClient = options.cacheTopicsPerClient ?? 64;
    if (options.mode === 'jwt' && !options.jwt)
      throw new Error('jwt mode needs a JwtAuthenticator');
    if (options.mode === 'webhook' && !options.webhook) {
      throw new Error('webhook mode needs a WebhookAuthenticator');
    }
    this.unsubscribe = options.store.onChange(() => {
      this.invalidate().catch(() => undefined); // the previous rules stay in force
    });
  }

  /** Loads the rules before the first decision. */
  static async create(options: AuthenticatorOptions): Promise<Authenticator> {
    const auth = new Authenticator(options);
    await auth.invalidate();
    return auth;
  }

  /** Whether nothing matched means allow (after `aclDefault: 'auto'` is resolved). */
  get defaultAllows(): boolean {
    return this.fallback;
  }

  get ruleCount(): number {
    return this.rules.length;
  }

  /**
   * Re-reads the rules and drops every cached decision. Until the read completes the previous
   * rules answer; concurrent calls end with the latest read.
   */
  async invalidate(): Promise<void> {
    const generation = ++this.generation;
    const rules = await this.options.store.listRules();
    if (generation !== this.generation) return;
    this.rules = rules;
    const d = this.options.aclDefault;
    this.fallback = d === 'allow' || (d === 'auto' && rules.length === 0);
    this.clients.clear();
    this.options.webhook?.clear();
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.options.store.close();
  }

  async authenticate(
    request: Credentials,
  ): Promise<{ ok: true } | { ok: false; reason: 'bad-credentials' | 'not-authorized' }> {
    const outcome = await this.verify(request);
    if (!outcome.ok) return { ok: false, reason: outcome.reason };
    this.admit(request.clientId, request.username, outcome.grants);
    return { ok: true };
  }

  /**
   * Checks credentials without admitting anyone: what the auth service answers to a gateway,
   * which then admits the client locally with the grants. Denials are counted and logged here.
   */
  async verify(request: Credentials): Promise<AuthOutcome> {
    const outcome = await this.check(request);
    if (!outcome.ok) {
      this.stats.connectDenied++;
      this.options.onDenied?.({
        kind: 'connect',
        clientId: request.clientId,
        username: request.username,
        why: outcome.why,
      });
    }
    return outcome;
  }

  /**
   * Admits a client whose credentials were verified (here or by the auth service): its
   * per-connection grants (JWT/webhook ACL) join the store's rules for its decisions.
   */
  admit(clientId: string, username: string | undefined, grants: readonly AclRuleInput[]): void {
    if (grants.length > 0) {
      this.grants.set(clientId, { username, rules: grants });
    } else {
      this.grants.delete(clientId);
    }
    this.clients.delete(clientId);
  }

  canPublish(identity: AclIdentity, topic: string): boolean {
    const acl = this.aclOf(identity);
    if (acl === undefined) return this.decided(this.fallback, identity, 'publish', topic);
    let ok = acl.publish.get(topic);
    if (ok === undefined) {
      ok = decidePublish(acl.rules, topic, this.fallback);
      acl.publish.set(topic, ok);
    }
    return this.decided(ok, identity, 'publish', topic);
  }

  canSubscribe(identity: AclIdentity, filter: string): boolean {
    const acl = this.aclOf(identity);
    if (acl === undefined) return this.decided(this.fallback, identity, 'subscribe', filter);
    let ok = acl.subscribe.get(filter);
    if (ok === undefined) {
      // A shared subscription reads what its inner filter matches (MQTT 5 4.8.2).
      ok = decideSubscribe(acl.rules, parseSharedFilter(filter)?.filter ?? filter, this.fallback);
      acl.subscribe.set(filter, ok);
    }
    return this.decided(ok, identity, 'subscribe', filter);
  }

  private async check(c: Credentials): Promise<AuthOutcome> {
    if (c.username === undefined && c.password === undefined) {
      return this.options.anonymous
        ? { ok: true, grants: [] }
        : refuse('not-authorized', 'anonymous access is off');
    }
    switch (this.options.mode) {
      case 'jwt':
        return (this.options.jwt as JwtAuthenticator).check(c);
      case 'webhook':
        return (this.options.webhook as WebhookAuthenticator).check(c);
      case 'builtin':
        return this.checkUser(c);
    }
  }

  private async checkUser(c: Credentials): Promise<AuthOutcome> {
    const password = c.password ?? Buffer.alloc(0);
    const user =
      c.username === undefined ? undefined : await this.options.store.getUser(c.username);
    // An unknown user costs one scrypt too, so timing does not tell which usernames exist.
    if (!user) {
      await verifyAgainstDummy(password);
      return refuse('bad-credentials', 'unknown user or wrong password');
    }
    if (c.password === undefined || !(await verifyPassword(password, user.passwordHash))) {
      return refuse('bad-credentials', 'unknown user or wrong password');
    }
    // Checked after the password, so only someone who knows it learns the account is disabled.
    if (user.disabled) return refuse('not-authorized', 'user disabled');
    return { ok: true, grants: [] };
  }

  /** The client's compiled rules; undefined when none can apply (no rules, no grants). */
  private aclOf(identity: AclIdentity): ClientAcl | undefined {
    let acl = this.clients.get(identity.clientId);
    if (acl !== undefined && acl.username === identity.username) return acl;
    const grant = this.grants.get(identity.clientId);
    const grants = grant && grant.username === identity.username ? grant.rules : [];
    if (this.rules.length === 0 && grants.length === 0) return undefined;
    acl = {
      username: identity.username,
      rules: compileRules([...grants, ...this.rules], identity),
      publish: new Lru(this.perClient),
      subscribe: new Lru(this.perClient),
    };
    this.clients.set(identity.clientId, acl);
    return acl;
  }

  private decided(
    ok: boolean,
    identity: AclIdentity,
    kind: 'publish' | 'subscribe',
    topic: string,
  ): boolean {
    if (ok) return true;
    if (kind === 'publish') this.stats.publishDenied++;
    else this.stats.subscribeDenied++;
    this.options.onDenied?.({
      kind,
      clientId: identity.clientId,
      username: identity.username,
      topic,
    });
    return false;
  }
}
