import { IsBoolean } from 'class-validator';
import type { JsonContract } from '../rpc/contract';
import { SessionClientRequest } from './session-client';
import { IsTopicFilter } from '../rpc/topic-rules';

export class SessionUnsubscribeRequest extends SessionClientRequest {
  /** The filter exactly as subscribed (filters are compared character by character). */
  @IsTopicFilter() filter!: string;
}

export class SessionUnsubscribeReply {
  /** The session had this subscription (and no longer has it). */
  @IsBoolean() removed!: boolean;
}

/**
 * `mqtt.session.v1.unsubscribe`: remove one subscription of a client's session.
 * Errors: NOT_FOUND (no such session), BAD_REQUEST (`filter`, `clientId`), UNAVAILABLE, TIMEOUT.
 * Idempotent: a retry may report `removed: false` for a removal the first attempt made.
 */
export const SESSION_UNSUBSCRIBE: JsonContract<SessionUnsubscribeRequest, SessionUnsubscribeReply> =
  {
    subject: 'mqtt.session.v1.unsubscribe',
    request: SessionUnsubscribeRequest,
    reply: SessionUnsubscribeReply,
    idempotent: true,
  };
