import { IsBoolean } from 'class-validator';
import type { JsonContract } from '../rpc/contract';
import { SessionClientRequest } from './session-client';

export class SessionDeleteReply {
  /** Always true in a reply: no session is NOT_FOUND. */
  @IsBoolean() deleted!: boolean;
}

/**
 * `mqtt.session.v1.delete`: discard a client's session (subscriptions, queued and in-flight
 * messages); a connected client is closed first (its will is published). Its next CONNECT
 * with CleanSession=0 gets sessionPresent=0. Errors: NOT_FOUND (no such session: also the
 * answer to a retry whose first attempt deleted it), BAD_REQUEST, UNAVAILABLE, TIMEOUT.
 * Idempotent in effect.
 */
export const SESSION_DELETE: JsonContract<SessionClientRequest, SessionDeleteReply> = {
  subject: 'mqtt.session.v1.delete',
  request: SessionClientRequest,
  reply: SessionDeleteReply,
  idempotent: true,
};
