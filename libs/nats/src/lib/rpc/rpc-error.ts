import {
  ERROR_CODES,
  ERROR_HEADER,
  type ErrorBody,
  type ErrorCode,
  ErrorEnvelopeDto,
  validateDto,
} from '@mithqtt/contracts';
import {
  Match,
  type Msg,
  NoRespondersError,
  RequestError,
  TimeoutError,
} from '@nats-io/transport-node';

/** An RPC failed: `code` is one of the stable error codes, `field` names a bad request field. */
export class RpcError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  toBody(): ErrorBody {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

/** Maps a nats.js request failure to the error the caller sees. */
export function transportError(error: unknown, subject: string, timeoutMs: number): RpcError {
  if (error instanceof RpcError) return error;
  if (isNoResponders(error)) return new RpcError('UNAVAILABLE', `no service answers ${subject}`);
  if (error instanceof TimeoutError) {
    return new RpcError('TIMEOUT', `no reply on ${subject} within ${timeoutMs} ms`);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new RpcError('UNAVAILABLE', `request on ${subject} failed: ${reason}`);
}

export function isNoResponders(error: unknown): boolean {
  return (
    error instanceof NoRespondersError || (error instanceof RequestError && error.isNoResponders())
  );
}

/** Reads a header case-insensitively (NATS clients of other languages differ in casing). */
export function header(msg: Msg, name: string): string | undefined {
  if (!msg.headers?.has(name, Match.IgnoreCase)) return undefined;
  return msg.headers.get(name, Match.IgnoreCase);
}

/** The error a reply carries (the `mqtt-error` header marks it), or undefined for a result. */
export function replyError(msg: Msg, subject: string): RpcError | undefined {
  const code = header(msg, ERROR_HEADER);
  if (code === undefined) return undefined;
  let plain: unknown;
  try {
    plain = msg.json();
  } catch {
    plain = undefined;
  }
  const envelope = validateDto(ErrorEnvelopeDto, plain);
  if (envelope.ok) {
    const { code: c, message, field } = envelope.value.error;
    return new RpcError(c, message, field);
  }
  const known = (ERROR_CODES as readonly string[]).includes(code);
  return new RpcError(
    known ? (code as ErrorCode) : 'INTERNAL',
    `malformed error reply on ${subject} (${envelope.error.message})`,
  );
}
