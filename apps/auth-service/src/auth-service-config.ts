import { BrokerConfig } from '@mithqtt/config';

/**
 * Settings of the auth service: the gateways' BrokerConfig (the same AUTH_*, REDIS_*,
 * CLUSTER_NATS_URL and NODE_ID, so one environment file serves both), of which it uses the auth
 * settings and HTTP_HOST / HTTP_PORT. See apps/auth-service/README.md.
 */
export class AuthServiceConfig extends BrokerConfig {
  /** /health, /ready and /metrics (validated by BrokerConfig); 8081 leaves the gateways' 8080. */
  override HTTP_PORT = 8081;
}
