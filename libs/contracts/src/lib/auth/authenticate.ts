import {
  IsBase64,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import type { JsonContract } from '../rpc/contract';

export class AuthenticateRequest {
  /** The client identifier of the CONNECT (after the gateway assigned one if it was empty). */
  @IsString() @MaxLength(65535) clientId!: string;
  @IsOptional() @IsString() @MaxLength(65535) username?: string;
  /**
   * The CONNECT password, base64 (MQTT passwords are binary data [MQTT-3.1.3.5]). A credential:
   * the service never logs or forwards it, and validation errors never quote it.
   */
  @IsOptional() @IsBase64() password?: string;
  /** The client's address as the gateway saw it (`ip:port` or `ip`). */
  @IsString() @MaxLength(256) remoteAddress!: string;
  /** 3 = MQTT 3.1, 4 = 3.1.1, 5 = 5.0. */
  @IsIn([3, 4, 5], { message: 'protocolVersion must be 3, 4 or 5' }) protocolVersion!: number;
  @IsBoolean() cleanSession!: boolean;
}

export const AUTH_REFUSALS = ['bad-credentials', 'not-authorized'] as const;
export type AuthRefusal = (typeof AUTH_REFUSALS)[number];

export class AuthenticateReply {
  @IsBoolean() ok!: boolean;
  /** Set when ok is false: 'bad-credentials' = CONNACK 0x04, 'not-authorized' = 0x05. */
  @ValidateIf((r: AuthenticateReply) => !r.ok)
  @IsIn(AUTH_REFUSALS, { message: 'reason must be bad-credentials or not-authorized' })
  reason?: AuthRefusal;
}

/**
 * `mqtt.auth.v1.authenticate`: check a CONNECT's credentials. A refusal is a normal reply
 * (`ok: false`), not an error. Errors: BAD_REQUEST (field named), UNAVAILABLE (the auth store is
 * down: the gateway answers CONNACK 0x03), TIMEOUT. Idempotent (a read): retried.
 */
export const AUTH_AUTHENTICATE: JsonContract<AuthenticateRequest, AuthenticateReply> = {
  subject: 'mqtt.auth.v1.authenticate',
  request: AuthenticateRequest,
  reply: AuthenticateReply,
  idempotent: true,
};
