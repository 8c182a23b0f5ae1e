import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { AuthStore } from '@mithqtt/auth';
import type { BrokerConfig } from '@mithqtt/config';
import type { NatsCluster } from '@mithqtt/nats';
import { AUTH_STORE } from '../embedded/auth-providers';
import { AdminApiModule, type AdminApiSettings, LocalAdmin } from '@mithqtt/http-api';
import type { Logger } from 'pino';
import { GatewayModule } from '../mqtt/gateway.module';
import { MqttListenerService } from '../mqtt/mqtt-listener.service';
import { BROKER_CONFIG, CLUSTER, LOGGER } from '../tokens';
import {
  AUTH_CHANGED_SUBJECT,
  type AuthChangedEvent,
  notifyingAuthStore,
} from '../cluster/auth-change-events';
import { HealthController } from './health.controller';
import { LivenessController } from './liveness.controller';
import { MetricsController } from './metrics.controller';
import { NodeDirectory } from './node-directory.service';

@Module({
  imports: [GatewayModule],
  providers: [NodeDirectory],
  exports: [NodeDirectory],
})
class NodeDirectoryModule {}

/**
 * The node's HTTP server: unauthenticated /health, /ready and /metrics (orchestrators and
 * Prometheus), and the admin API under /api/v1 over this node's broker (LocalAdmin).
 */
@Module({
  imports: [
    TerminusModule.forRoot({ logger: false }),
    GatewayModule,
    AdminApiModule.forRoot({
      imports: [GatewayModule, NodeDirectoryModule],
      admin: {
        inject: [MqttListenerService, NodeDirectory, BROKER_CONFIG],
        useFactory: (mqtt: MqttListenerService, nodes: NodeDirectory, config: BrokerConfig) =>
          new LocalAdmin(mqtt.broker, {
            nodeId: config.NODE_ID,
            startedAt: nodes.startedAt,
            otherNodes: () => nodes.otherNodes(),
          }),
      },
      authStore: {
        // Writes through the API are announced to every node at once (auth-change-listener).
        inject: [AUTH_STORE, CLUSTER, BROKER_CONFIG],
        useFactory: (store: AuthStore, cluster: NatsCluster | null, config: BrokerConfig) =>
          cluster
            ? notifyingAuthStore(store, (what) => {
                const event: AuthChangedEvent = {
                  nodeId: config.NODE_ID,
                  what,
                  at: new Date().toISOString(),
                };
                cluster.nc.publish(AUTH_CHANGED_SUBJECT, JSON.stringify(event));
              })
            : store,
      },
      settings: {
        inject: [BROKER_CONFIG, LOGGER],
        useFactory: (config: BrokerConfig, log: Logger): AdminApiSettings => ({
          keysFile: config.HTTP_API_KEYS_FILE,
          onError: (context, err) => log.error({ err, context }, 'HTTP API error'),
        }),
      },
    }),
  ],
  controllers: [LivenessController, HealthController, MetricsController],
})
export class HttpApiModule {}
