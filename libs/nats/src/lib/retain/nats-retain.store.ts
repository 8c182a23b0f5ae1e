import type { RetainStore } from '@mithqtt/broker';
import {
  META_HEADER,
  MatchFrameError,
  RETAIN_COUNT,
  RETAIN_DELETE,
  RETAIN_GET,
  RETAIN_MATCH,
  RETAIN_SET,
  RetainGetRequest,
  RetainMatchRequest,
  RetainSetReply,
  decodeMatchFrames,
  readRetainedMessageMeta,
  retainedMessageHeaders,
} from '@mithqtt/contracts';
import type { Message } from '@mithqtt/protocol';
import { type RpcClient, RpcError, header, parseReply, requireValid } from '../rpc';

export interface NatsRetainStoreOptions {
  /** Deadline of one attempt of get/set/delete/count (ms); default: the client's. */
  readonly timeoutMs?: number;
  /** Deadline of one attempt of a match, whose reply may be long (ms). Default 5000. */
  readonly matchTimeoutMs?: number;
}

/**
 * The RetainStore port over the retain service (`mqtt.retain.v1.*`, libs/contracts): what the
 * gateway uses in the distributed deployment. Payloads travel as raw bytes. Only topic, QoS and
 * payload are kept (as by RedisRetainStore): MQTT 5 properties of retained messages are not.
 * Failures reject with RpcError (UNAVAILABLE when no retain service answers).
 */
export class NatsRetainStore implements RetainStore {
  constructor(
    private readonly rpc: RpcClient,
    private readonly options: NatsRetainStoreOptions = {},
  ) {}

  async set(message: Message): Promise<void> {
    const reply = await this.rpc.request(RETAIN_SET.subject, message.payload, {
      ...this.timeout(),
      idempotent: RETAIN_SET.idempotent,
      headers: retainedMessageHeaders({ topic: message.topic, qos: message.qos }),
    });
    parseReply(RetainSetReply, reply, RETAIN_SET.subject);
  }

  async delete(topic: string): Promise<boolean> {
    return (await this.rpc.call(RETAIN_DELETE, { topic }, this.timeout())).deleted;
  }

  async get(topic: string): Promise<Message | undefined> {
    const request = requireValid(RetainGetRequest, { topic });
    try {
      const reply = await this.rpc.request(RETAIN_GET.subject, JSON.stringify(request), {
        ...this.timeout(),
        idempotent: RETAIN_GET.idempotent,
      });
      const meta = readRetainedMessageMeta((name) => header(reply, name));
      if (!meta.ok) throw invalidReply(RETAIN_GET.subject, meta.error.message);
      // A copy: the message outlives the NATS read buffer the reply arrived in.
      return { ...meta.value, payload: Buffer.from(reply.data), retain: true };
    } catch (e: unknown) {
      if (e instanceof RpcError && e.code === 'NOT_FOUND') return undefined;
      throw e;
    }
  }

  async match(filter: string): Promise<Message[]> {
    const request = requireValid(RetainMatchRequest, { filter });
    const replies = await this.rpc.requestStream(RETAIN_MATCH.subject, JSON.stringify(request), {
      timeoutMs: this.options.matchTimeoutMs ?? 5000,
      idempotent: RETAIN_MATCH.idempotent,
    });
    const end = replies[replies.length - 1];
    const expected = end === undefined ? undefined : header(end, META_HEADER.count);
    const out: Message[] = [];
    try {
      for (const reply of replies.slice(0, -1)) {
        for (const record of decodeMatchFrames(reply.data)) out.push({ ...record, retain: true });
      }
    } catch (e: unknown) {
      if (e instanceof MatchFrameError) throw invalidReply(RETAIN_MATCH.subject, e.message);
      throw e;
    }
    if (expected !== String(out.length)) {
      throw new RpcError(
        'UNAVAILABLE',
        `${RETAIN_MATCH.subject} reply incomplete: ${out.length} of ${expected ?? '?'} messages`,
      );
    }
    return out;
  }

  async count(): Promise<number> {
    return (await this.rpc.call(RETAIN_COUNT, {}, this.timeout())).count;
  }

  private timeout(): { timeoutMs?: number } {
    return this.options.timeoutMs === undefined ? {} : { timeoutMs: this.options.timeoutMs };
  }
}

function invalidReply(subject: string, why: string): RpcError {
  return new RpcError('INTERNAL', `invalid reply on ${subject}: ${why}`);
}
