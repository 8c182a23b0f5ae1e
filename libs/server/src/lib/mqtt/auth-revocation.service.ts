import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import type { Authenticator, AuthStore } from '@mithqtt/auth';
import type { BrokerConfig } from '@mithqtt/config';
import type { Logger } from 'pino';
import { AUTH_STORE, AUTHENTICATOR } from '../embedded/auth-providers';
import { BROKER_CONFIG, LOGGER } from '../tokens';
import { MqttListenerService } from './mqtt-listener.service';

/**
 * Closes the connections of built-in users who were deleted or disabled (through the HTTP
 * API, the CLI, or another node writing to the shared Redis store). Triggered by the store's
 * change signal (own writes, file watch, Redis version poll) and by other nodes' auth-changed
 * events (AuthChangeListener). The close is not a DISCONNECT: wills are published, as for a kick.
 * Only in `builtin` mode: JWT and webhook users are not in the store.
 */
@Injectable()
export class AuthRevocationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly mqtt: MqttListenerService,
    @Inject(BROKER_CONFIG) private readonly config: BrokerConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Optional() @Inject(AUTH_STORE) private readonly store: AuthStore | null,
    @Optional() @Inject(AUTHENTICATOR) private readonly auth: Authenticator | null,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.store) return;
    this.unsubscribe = this.store.onChange(() => this.recheck());
  }

  onApplicationShutdown(): Promise<void> | undefined {
    this.unsubscribe?.();
    return this.running;
  }

  /**
   * Checks every connected user against the store (also called on another node's change
   * event). One check at a time; calls during a check cause exactly one more.
   */
  recheck(): void {
    if (!this.store) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.check()
      .catch((err: unknown) => this.log.error({ err }, 'auth revocation check failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.recheck();
        }
      });
  }

  private async check(): Promise<void> {
    if (this.auth) {
      // The rules this check applies: reloaded here, so it never runs on the previous ones.
      await this.auth.invalidate();
      this.dropDeniedSubscriptions();
    }
    if (this.config.AUTH_MODE === 'builtin') await this.closeRevokedUsers();
  }

  /**
   * A subscription made before a rule now denying it would keep delivering: 3.1.1 has no
   * way to tell the client, so the subscription is removed (as an UNSUBSCRIBE would) and
   * counted in the log. Wildcard filters are judged as on SUBSCRIBE (every topic they reach).
   */
  private dropDeniedSubscriptions(): void {
    let dropped = 0;
    for (const channel of this.mqtt.broker.allChannels()) {
      const identity = channel.phase === 'connected' ? channel.identity : undefined;
      const session = channel.session;
      if (!identity || !session) continue;
      dropped += this.mqtt.broker.dropDeniedSubscriptions(session, identity);
    }
    if (dropped > 0) {
      this.log.info({ dropped }, 'auth: removed subscriptions the ACL no longer allows');
    }
  }

  private async closeRevokedUsers(): Promise<void> {
    const store = this.store;
    if (!store) return;
    const byUser = new Map<string, string[]>();
    for (const channel of this.mqtt.broker.allChannels()) {
      const identity = channel.phase === 'connected' ? channel.identity : undefined;
      if (identity?.username === undefined) continue;
      const ids = byUser.get(identity.username) ?? [];
      ids.push(identity.clientId);
      byUser.set(identity.username, ids);
    }
    for (const [username, clientIds] of byUser) {
      const user = await store.getUser(username);
      if (user && !user.disabled) continue;
      for (const clientId of clientIds) this.mqtt.broker.kick(clientId);
      this.log.info(
        { username, connections: clientIds.length, reason: user ? 'disabled' : 'deleted' },
        'auth: closed the connections of a revoked user',
      );
    }
  }
}
