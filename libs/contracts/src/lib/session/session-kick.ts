import { IsBoolean } from 'class-validator';
import type { JsonContract } from '../rpc/contract';
import { SessionClientRequest } from './session-client';

export class SessionKickReply {
  /** A live connection was closed; false when the session exists but its client is offline. */
  @IsBoolean() kicked!: boolean;
}

/**
 * `mqtt.session.v1.kick`: close the client's connection, wherever it is connected. Not a
 * DISCONNECT, so its will message is published [MQTT-3.1.2-8]; a persistent session stays.
 * Errors: NOT_FOUND (no such session), BAD_REQUEST, UNAVAILABLE, TIMEOUT. Idempotent: a retry
 * after a timeout may report `kicked: false` for a connection the first attempt closed.
 */
export const SESSION_KICK: JsonContract<SessionClientRequest, SessionKickReply> = {
  subject: 'mqtt.session.v1.kick',
  request: SessionClientRequest,
  reply: SessionKickReply,
  idempotent: true,
};
