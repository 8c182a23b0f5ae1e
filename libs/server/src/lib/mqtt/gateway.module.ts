import { Module } from '@nestjs/common';
import { AuthChangeListener } from '../cluster/auth-change-listener.service';
import { SessionAdoptionService } from '../cluster/session-adoption.service';
import { NodeSessionRpcService } from '../cluster/node-session-rpc.service';
import { NodeAdminRpcService } from '../cluster/node-admin-rpc.service';
import { AuthRevocationService } from './auth-revocation.service';
import { MqttListenerService } from './mqtt-listener.service';

/**
 * The connection gateway: MQTT listeners and the node's broker. Its ports (auth, retain) are
 * provided by whichever modules the composition imports: in-process ones in the embedded app,
 * NATS clients in the distributed gateway.
 */
@Module({
  providers: [
    MqttListenerService,
    SessionAdoptionService,
    AuthRevocationService,
    AuthChangeListener,
    NodeSessionRpcService,
    NodeAdminRpcService,
  ],
  exports: [MqttListenerService],
})
export class GatewayModule {}
