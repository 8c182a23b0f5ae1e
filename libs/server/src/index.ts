export { startEmbedded, type RunningBroker } from './lib/embedded/start-embedded';
export { EmbeddedModule } from './lib/embedded/embedded.module';
export { GatewayModule } from './lib/mqtt/gateway.module';
export { HttpApiModule } from './lib/http/http-api.module';
export { MqttListener } from './lib/mqtt/mqtt-listener';
export { MqttListenerService } from './lib/mqtt/mqtt-listener.service';
export { createLogger } from './lib/logger';
export { natsCheck, redisCheck } from './lib/http/connection-checks';
export { LivenessController } from './lib/http/liveness.controller';
export { AuthServiceModule } from './lib/services/auth-service.module';
export { type RunningService, startAuthService } from './lib/services/start-auth-service';
export {
  ServiceHealthModule,
  type ServiceHealthOptions,
} from './lib/services/service-health.module';
export { type RunningServiceApp, startServiceApp } from './lib/services/start-service-app';
export { stopOnSignals } from './lib/stop-on-signals';
export {
  AUTH_CHANGED_SUBJECT,
  type AuthChangedEvent,
  notifyingAuthStore,
} from './lib/cluster/auth-change-events';
