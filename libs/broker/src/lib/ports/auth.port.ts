import type { ClientIdentity, ConnectRequest } from '@mithqtt/protocol';
import type { QoS } from '@mithqtt/codec';

export type AuthenticationResult =
  | { readonly ok: true }
  /** 'bad-credentials' maps to CONNACK 0x04, 'not-authorized' to 0x05. */
  | { readonly ok: false; readonly reason: 'bad-credentials' | 'not-authorized' };

/** Authentication on CONNECT (the auth service in the distributed mode). */
export interface AuthPort {
  authenticate(request: ConnectRequest): Promise<AuthenticationResult>;
}

/**
 * Authorization on PUBLISH and SUBSCRIBE. Synchronous on purpose: it is consulted on the hot
 * path and must answer from the gateway's cache, never with a round trip.
 */
export interface Authorizer {
  canPublish(identity: ClientIdentity, topic: string, qos: QoS, retain: boolean): boolean;
  canSubscribe(identity: ClientIdentity, filter: string, qos: QoS): boolean;
}
