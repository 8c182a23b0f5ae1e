import { type JsonContract, validateDto } from '@mithqtt/contracts';
import {
  headers,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  TimeoutError,
} from '@nats-io/transport-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_RETRY, type RetryPolicy, backoffDelay } from './retry-policy';
import { RpcError, isNoResponders, replyError, transportError } from './rpc-error';

export interface RpcClientOptions {
  /** Deadline of one attempt (ms). Default 2000. */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Injected for tests of the jitter; default Math.random. */
  readonly random?: () => number;
}

export interface CallOptions {
  /**
   * May the request run twice? Decides whether a TIMEOUT (the service may have run it) is
   * retried. No-responders is always retried: the request reached nobody.
   */
  readonly idempotent: boolean;
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Request headers (name, value); values must not hold CR or LF. */
  readonly headers?: readonly (readonly [string, string])[];
}

/**
 * Calls services over NATS request/reply: one deadline per attempt, bounded retries with
 * jittered backoff, replies checked against their DTO, and every failure thrown as an RpcError
 * with a stable code (UNAVAILABLE: nobody answers; TIMEOUT: no reply in time; the service's own
 * code otherwise). See docs/decisions/0009-rpc-over-nats.md.
 */
export class RpcClient {
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;

  constructor(
    private readonly nc: NatsConnection,
    options: RpcClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.random = options.random ?? Math.random;
  }

  /** A JSON request validated before it leaves, its JSON reply validated on arrival. */
  async call<Req extends object, Rep extends object>(
    contract: JsonContract<Req, Rep>,
    request: Req,
    options: Omit<CallOptions, 'idempotent'> = {},
  ): Promise<Rep> {
    requireValid(contract.request, request);
    const reply = await this.request(contract.subject, JSON.stringify(request), {
      ...options,
      idempotent: contract.idempotent,
    });
    return parseReply(contract.reply, reply, contract.subject);
  }

  /** One reply message; throws the RpcError it carries (see ERROR_HEADER). */
  request(subject: string, body: Uint8Array | string, options: CallOptions): Promise<Msg> {
    return this.attempt(subject, options, async (timeout, hdrs) => {
      const reply = await this.nc.request(subject, body, {
        timeout,
        ...(hdrs === undefined ? {} : { headers: hdrs }),
      });
      const error = replyError(reply, subject);
      if (error) throw error;
      return reply;
    });
  }

  /**
   * A multi-message reply: every message up to and including the first one with an empty body
   * (the end marker). The attempt's deadline covers the whole stream; a stream that stops
   * before its end marker fails with TIMEOUT. An error reply ends it at once.
   */
  requestStream(subject: string, body: Uint8Array | string, options: CallOptions): Promise<Msg[]> {
    return this.attempt(subject, options, async (timeout, hdrs) => {
      const replies = await this.nc.requestMany(subject, body, {
        strategy: 'sentinel',
        maxWait: timeout,
        ...(hdrs === undefined ? {} : { headers: hdrs }),
      });
      const out: Msg[] = [];
      for await (const msg of replies) {
        const error = replyError(msg, subject);
        if (error) throw error;
        out.push(msg);
        if (msg.data.length === 0) return out;
      }
      // Ended by the deadline before the end marker: a timeout like a missing single reply.
      throw new TimeoutError();
    });
  }

  private async attempt<T>(
    subject: string,
    options: CallOptions,
    once: (timeoutMs: number, hdrs: MsgHdrs | undefined) => Promise<T>,
  ): Promise<T> {
    const timeout = options.timeoutMs ?? this.timeoutMs;
    const policy = options.retry ?? this.retry;
    const hdrs = toHeaders(options.headers);
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(timeout, hdrs);
      } catch (e: unknown) {
        const error = transportError(e, subject, timeout);
        // Errors a service replied with are its answer: never retried.
        const retriable =
          isNoResponders(e) ||
          (options.idempotent && (e instanceof TimeoutError || isDisconnect(e)));
        if (!retriable || attempt >= policy.attempts) throw error;
        await sleep(backoffDelay(attempt, policy, this.random));
      }
    }
  }
}

/** The request as its DTO, or a local BAD_REQUEST naming the field (nothing is sent). */
export function requireValid<T extends object>(dto: new () => T, plain: unknown): T {
  const checked = validateDto(dto, plain);
  if (!checked.ok) throw new RpcError('BAD_REQUEST', checked.error.message, checked.error.field);
  return checked.value;
}

/** A reply the service validated is validated again here: a buggy peer is an INTERNAL error. */
export function parseReply<Rep extends object>(
  dto: new () => Rep,
  reply: Msg,
  subject: string,
): Rep {
  let plain: unknown;
  try {
    plain = reply.json();
  } catch {
    throw new RpcError('INTERNAL', `reply on ${subject} is not JSON`);
  }
  const checked = validateDto(dto, plain);
  if (!checked.ok) {
    throw new RpcError('INTERNAL', `invalid reply on ${subject}: ${checked.error.message}`);
  }
  return checked.value;
}

function toHeaders(pairs: CallOptions['headers']): MsgHdrs | undefined {
  if (pairs === undefined || pairs.length === 0) return undefined;
  const h = headers();
  for (const [name, value] of pairs) h.set(name, value);
  return h;
}

/** The connection dropped while the request was out (it may or may not have arrived). */
function isDisconnect(error: unknown): boolean {
  return error instanceof Error && /disconnect/i.test(error.message);
}
