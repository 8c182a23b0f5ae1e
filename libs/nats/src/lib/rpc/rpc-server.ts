import {
  ERROR_HEADER,
  type ErrorCode,
  type JsonContract,
  errorEnvelope,
  validateDto,
} from '@mithqtt/contracts';
import { headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { RpcError } from './rpc-error';

/** One reply message: a body (JSON text or raw bytes) and optional headers. */
export interface RpcReply {
  readonly body: Uint8Array | string;
  readonly headers?: readonly (readonly [string, string])[];
}

/** Answers a request with one reply, or several in order (a multi-message reply). */
export type RawHandler = (msg: Msg) => Promise<RpcReply | readonly RpcReply[]>;

export interface RpcServerOptions {
  /** NATS queue group: each request goes to one replica of the group. */
  readonly queue: string;
  /** Unexpected failures (the caller only sees INTERNAL / UNAVAILABLE); never a request body. */
  readonly onError?: (subject: string, error: unknown) => void;
  /** Counts every request answered, by subject and outcome (for the service's /metrics). */
  readonly stats?: RpcStats;
}

/** What a request was answered with: `OK` or the error code of its error reply. */
export type RpcOutcome = ErrorCode | 'OK';

/**
 * Requests answered per subject and outcome. Plain counters bumped once per request; a
 * metrics endpoint reads them on scrape. Shared by every RpcServer of a process (and survives
 * their restarts), so it is created by the app and handed to each server.
 */
export class RpcStats {
  private readonly counts = new Map<string, Map<RpcOutcome, number>>();

  record(subject: string, outcome: RpcOutcome): void {
    let bySubject = this.counts.get(subject);
    if (!bySubject) {
      bySubject = new Map();
      this.counts.set(subject, bySubject);
    }
    bySubject.set(outcome, (bySubject.get(outcome) ?? 0) + 1);
  }

  /** Every (subject, outcome) seen so far with its count. */
  *entries(): IterableIterator<{ subject: string; outcome: RpcOutcome; count: number }> {
    for (const [subject, byOutcome] of this.counts) {
      for (const [outcome, count] of byOutcome) yield { subject, outcome, count };
    }
  }
}

/**
 * Serves request/reply subjects in a queue group. Every request gets exactly one answer (or
 * one multi-message answer): bad JSON or a DTO violation is BAD_REQUEST naming the field, a
 * thrown RpcError its own code, anything else INTERNAL with a generic message (details go to
 * onError, not to the caller). Nothing a caller sends can crash it.
 */
export class RpcServer {
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: RpcServerOptions,
  ) {}

  /** Serves a JSON contract: the request is validated before `handler`, the reply after it. */
  handleJson<Req extends object, Rep extends object>(
    contract: JsonContract<Req, Rep>,
    handler: (request: Req, msg: Msg) => Promise<Rep>,
  ): void {
    this.handle(contract.subject, async (msg) => {
      const request = parseRequest(contract.request, msg);
      const reply = validateDto(contract.reply, await handler(request, msg));
      if (!reply.ok) {
        throw new Error(
          `handler of ${contract.subject} broke its reply contract: ${reply.error.message}`,
        );
      }
      return { body: JSON.stringify(reply.value) };
    });
  }

  /** Serves a subject whose body is not JSON (raw payload bytes, metadata in headers). */
  handle(subject: string, handler: RawHandler): void {
    if (this.stopping) throw new Error('RpcServer is stopping');
    const sub = this.nc.subscribe(subject, {
      queue: this.options.queue,
      callback: (error, msg) => {
        if (error) {
          this.options.onError?.(subject, error);
          return;
        }
        const work = this.answer(subject, msg, handler);
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
      },
    });
    this.subscriptions.push(sub);
  }

  /**
   * Graceful stop: unsubscribes (requests already delivered to this replica are still
   * processed, later ones go to the other replicas), then waits for every answer to be sent.
   * Leaves the connection open: its owner drains or closes it.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.allSettled(this.subscriptions.map((s) => s.drain()));
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      if (!this.nc.isClosed()) await this.nc.flush().catch(() => undefined);
    })();
    return this.stopping;
  }

  private async answer(subject: string, msg: Msg, handler: RawHandler): Promise<void> {
    let replies: readonly RpcReply[];
    let outcome: RpcOutcome = 'OK';
    try {
      const result = await handler(msg);
      replies = isReplyList(result) ? result : [result];
    } catch (e: unknown) {
      outcome = e instanceof RpcError ? e.code : 'INTERNAL';
      replies = [this.errorReply(subject, e)];
    }
    // No reply subject: a publish, not a request, so nobody to answer.
    if (msg.reply) {
      try {
        for (const reply of replies) respond(msg, reply);
      } catch (e: unknown) {
        // E.g. a reply over the server's max_payload: tell the caller instead of leaving it waiting.
        this.options.onError?.(subject, e);
        outcome = 'INTERNAL';
        respondQuietly(msg, errorReply('INTERNAL', `reply on ${subject} could not be sent`));
      }
    }
    this.options.stats?.record(subject, outcome);
  }

  private errorReply(subject: string, error: unknown): RpcReply {
    if (error instanceof RpcError) return errorReply(error.code, error.message, error.field);
    this.options.onError?.(subject, error);
    return errorReply('INTERNAL', `internal error serving ${subject}`);
  }
}

export function errorReply(code: ErrorCode, message: string, field?: string): RpcReply {
  return {
    body: JSON.stringify(errorEnvelope(code, message, field)),
    headers: [[ERROR_HEADER, code]],
  };
}

/** Parses and validates a JSON request body (empty = `{}`), or throws BAD_REQUEST. */
export function parseRequest<Req extends object>(dto: new () => Req, msg: Msg): Req {
  let plain: unknown = {};
  if (msg.data.length > 0) {
    try {
      plain = JSON.parse(msg.string());
    } catch {
      throw new RpcError('BAD_REQUEST', 'body is not valid JSON');
    }
  }
  const checked = validateDto(dto, plain);
  if (!checked.ok) throw new RpcError('BAD_REQUEST', checked.error.message, checked.error.field);
  return checked.value;
}

function isReplyList(r: RpcReply | readonly RpcReply[]): r is readonly RpcReply[] {
  return Array.isArray(r);
}

function respond(msg: Msg, reply: RpcReply): void {
  let hdrs;
  if (reply.headers !== undefined && reply.headers.length > 0) {
    hdrs = headers();
    for (const [name, value] of reply.headers) hdrs.set(name, value);
  }
  msg.respond(reply.body, hdrs === undefined ? undefined : { headers: hdrs });
}

function respondQuietly(msg: Msg, reply: RpcReply): void {
  try {
    respond(msg, reply);
  } catch {
    // The connection is gone: the caller will time out, and retry if it may.
  }
}
