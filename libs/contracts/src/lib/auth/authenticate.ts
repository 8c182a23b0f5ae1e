import { Type } from 'class-transformer';
import {
  IsArray,
  IsBase64,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
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

export class AclSubjectDto {
  @IsIn(['user', 'client', 'anonymous', 'all']) type!: 'user' | 'client' | 'anonymous' | 'all';
  @ValidateIf((s: AclSubjectDto) => s.type === 'user') @IsString() @MinLength(1) username?: string;
  @ValidateIf((s: AclSubjectDto) => s.type === 'client')
  @IsString()
  @MinLength(1)
  clientId?: string;
}

/**
 * One ACL rule granted to this connection by the credential itself (a JWT's ACL claim, a
 * webhook's answer): the gateway adds it to the stored rules for this client's decisions.
 */
export class AclGrantDto {
  @ValidateNested() @Type(() => AclSubjectDto) subject!: AclSubjectDto;
  @IsIn(['publish', 'subscribe', 'all']) action!: 'publish' | 'subscribe' | 'all';
  @IsIn(['allow', 'deny']) effect!: 'allow' | 'deny';
  /** A topic filter; `%u` / `%c` stand for the username / client id. */
  @IsString() @MinLength(1) @MaxLength(65535) filter!: string;
}

export class AuthenticateReply {
  @IsBoolean() ok!: boolean;
  /** Set when ok is false: 'bad-credentials' = CONNACK 0x04, 'not-authorized' = 0x05. */
  @ValidateIf((r: AuthenticateReply) => !r.ok)
  @IsIn(AUTH_REFUSALS, { message: 'reason must be bad-credentials or not-authorized' })
  reason?: AuthRefusal;
  /** When ok: the connection's own rules (none for built-in users: theirs are in the store). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AclGrantDto)
  grants?: AclGrantDto[];
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
