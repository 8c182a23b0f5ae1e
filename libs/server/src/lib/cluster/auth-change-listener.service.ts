import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import type { Authenticator } from '@mithqtt/auth';
import type { BrokerConfig } from '@mithqtt/config';
import type { NatsCluster } from '@mithqtt/nats';
import type { Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { AUTHENTICATOR } from '../embedded/auth-providers';
import { AuthRevocationService } from '../mqtt/auth-revocation.service';
import { BROKER_CONFIG, CLUSTER, LOGGER } from '../tokens';
import { AUTH_CHANGED_SUBJECT, type AuthChangedEvent } from './auth-change-events';

/**
 * Applies another node's user/rule change at once: cached ACL decisions are dropped (the
 * publish path then decides from the new rules) and connections of deleted or disabled users
 * are closed. Without this event a node notices within AUTH_RELOAD_MS (store polling).
 */
@Injectable()
export class AuthChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(CLUSTER) private readonly cluster: NatsCluster | null,
    @Inject(BROKER_CONFIG) private readonly config: BrokerConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly revocation: AuthRevocationService,
    @Optional() @Inject(AUTHENTICATOR) private readonly auth: Authenticator | null,
  ) {}

  onApplicationBootstrap(): void {
    const auth = this.auth;
    if (!this.cluster || !auth) return;
    this.subscription = this.cluster.nc.subscribe(AUTH_CHANGED_SUBJECT, {
      callback: (error, msg) => {
        if (error) return;
        let event: Partial<AuthChangedEvent>;
        try {
          event = msg.json<Partial<AuthChangedEvent>>();
        } catch {
          return; // not ours: ignore rather than act on garbage
        }
        if (event.nodeId === this.config.NODE_ID) return; // our own write: already applied
        auth.invalidate().catch((err: unknown) => this.log.error({ err }, 'ACL reload failed'));
        this.revocation.recheck();
      },
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}
