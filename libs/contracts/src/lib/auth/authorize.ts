import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { JsonContract } from '../rpc/contract';
import { IsTopicForAction } from '../rpc/topic-rules';

export const AUTH_ACTIONS = ['publish', 'subscribe'] as const;
export type AuthAction = (typeof AUTH_ACTIONS)[number];

export class AuthorizeRequest {
  /** Absent for a client connected without a username (anonymous). */
  @IsOptional() @IsString() @MaxLength(65535) username?: string;
  @IsString() @MaxLength(65535) clientId!: string;
  @IsIn(AUTH_ACTIONS, { message: 'action must be publish or subscribe' }) action!: AuthAction;
  /** A topic name for `publish`, a topic filter for `subscribe`. */
  @IsTopicForAction() topic!: string;
}

export class AuthorizeReply {
  @IsBoolean() allowed!: boolean;
}

/**
 * `mqtt.auth.v1.authorize`: may this client publish to a topic / subscribe to a filter? JSON
 * both ways. Gateways cache the answers (the hot path never waits on it). Errors: BAD_REQUEST,
 * UNAVAILABLE, TIMEOUT. Idempotent (a read): retried.
 */
export const AUTH_AUTHORIZE: JsonContract<AuthorizeRequest, AuthorizeReply> = {
  subject: 'mqtt.auth.v1.authorize',
  request: AuthorizeRequest,
  reply: AuthorizeReply,
  idempotent: true,
};
