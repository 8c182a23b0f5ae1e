import { IsIn } from 'class-validator';
import type { JsonContract } from '../rpc/contract';
import { IsTopicFilter } from '../rpc/topic-rules';
import { SessionClientRequest } from './session-client';
import { SessionSubscription } from './session-get';

export class SessionSubscribeRequest extends SessionClientRequest {
  /** A valid MQTT topic filter [MQTT-4.7.1-2/3], [MQTT-4.7.3-1/2]; shared filters are refused. */
  @IsTopicFilter() filter!: string;
  @IsIn([0, 1, 2], { message: 'qos must be 0, 1 or 2' }) qos!: 0 | 1 | 2;
}

/**
 * `mqtt.session.v1.subscribe`: subscribe a client's session as its own SUBSCRIBE would: an
 * existing subscription to the same filter is replaced [MQTT-3.8.4-3], and for a connected
 * client the matching retained messages are sent [MQTT-3.3.1-6]. The ACL is not consulted (the
 * caller decides). Reply: the subscription. Errors: NOT_FOUND (no such session), BAD_REQUEST
 * (`filter`, `qos`, `clientId`), UNAVAILABLE, TIMEOUT. Idempotent (replace semantics).
 */
export const SESSION_SUBSCRIBE: JsonContract<SessionSubscribeRequest, SessionSubscription> = {
  subject: 'mqtt.session.v1.subscribe',
  request: SessionSubscribeRequest,
  reply: SessionSubscription,
  idempotent: true,
};
