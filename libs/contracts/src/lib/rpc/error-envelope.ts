import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, ValidateNested } from 'class-validator';

/**
 * Stable error codes of every RPC reply. Callers branch on the code, never on the message:
 * - BAD_REQUEST: the request broke its contract (`field` names the offending field);
 * - NOT_FOUND: the thing asked for does not exist (e.g. no retained message on that topic);
 * - UNAVAILABLE: no replica answered, or the service's own backend (Redis) is down;
 * - TIMEOUT: no reply within the caller's deadline (the request may still have run);
 * - INTERNAL: a bug: the service failed or replied outside its contract.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'NOT_FOUND',
  'UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * NATS header present on every error reply, its value the code. Replies of some subjects carry
 * raw MQTT payload bytes in the body, which could spell anything (even `{"error":...}`), so the
 * header, not the body, tells an error from a result; the body holds the JSON envelope.
 */
export const ERROR_HEADER = 'mqtt-error';

export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  /** The request field at fault (dotted path), for BAD_REQUEST. */
  readonly field?: string;
}

/** The body of an error reply: `{ "error": { "code", "message", "field"? } }`. */
export interface ErrorEnvelope {
  readonly error: ErrorBody;
}

export class ErrorBodyDto implements ErrorBody {
  @IsIn(ERROR_CODES) code!: ErrorCode;
  @IsString() message!: string;
  @IsOptional() @IsString() field?: string;
}

/** Validates an error reply received from a service (the envelope is validated too). */
export class ErrorEnvelopeDto implements ErrorEnvelope {
  @ValidateNested() @Type(() => ErrorBodyDto) error!: ErrorBodyDto;
}

export function errorEnvelope(code: ErrorCode, message: string, field?: string): ErrorEnvelope {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}
