import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { JsonContract } from '../rpc/contract';
import { IsTopicFilter } from '../rpc/topic-rules';
import { SessionClientRequest } from './session-client';

/** One subscription of a session: its filter and granted maximum QoS. */
export class SessionSubscription {
  @IsTopicFilter() filter!: string;
  @IsIn([0, 1, 2], { message: 'qos must be 0, 1 or 2' }) qos!: 0 | 1 | 2;
}

export class SessionGetReply {
  @IsString() clientId!: string;
  /** A client is connected with this id right now. */
  @IsBoolean() online!: boolean;
  /** The gateway node the client is connected to; null while it is offline. */
  @ValidateIf((r: SessionGetReply) => r.node !== null) @IsString() node!: string | null;
  /** CleanSession=0: the session outlives the connection (queued while offline). */
  @IsBoolean() persistent!: boolean;
  /** Sorted by filter. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SessionSubscription)
  subscriptions!: SessionSubscription[];
  /** Messages waiting to be sent (behind the in-flight window, or while offline). */
  @IsInt() @Min(0) queued!: number;
  /** Outgoing QoS 1/2 messages sent and not yet acknowledged. */
  @IsInt() @Min(0) inflight!: number;
}

/**
 * `mqtt.session.v1.get`: a client's session, wherever it is (connected to any gateway, or a
 * persistent session stored offline). Errors: NOT_FOUND (no such session), BAD_REQUEST
 * (`clientId`), UNAVAILABLE (the session store or the gateway holding the session does not
 * answer), TIMEOUT. Idempotent (a read): retried.
 */
export const SESSION_GET: JsonContract<SessionClientRequest, SessionGetReply> = {
  subject: 'mqtt.session.v1.get',
  request: SessionClientRequest,
  reply: SessionGetReply,
  idempotent: true,
};
