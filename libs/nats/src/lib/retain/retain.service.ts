import type { RetainStore } from '@mithqtt/broker';
import {
  META_HEADER,
  RETAIN_COUNT,
  RETAIN_DELETE,
  RETAIN_GET,
  RETAIN_MATCH,
  RETAIN_SET,
  RetainGetRequest,
  RetainMatchRequest,
  encodeMatchFrames,
  readRetainedMessageMeta,
  retainedMessageHeaders,
} from '@mithqtt/contracts';
import type { Msg } from '@nats-io/transport-node';
import { RpcError, type RpcReply, type RpcServer, header, parseRequest } from '../rpc';

export interface RetainServiceOptions {
  /**
   * Largest body of one match reply message (bytes): the NATS server's max_payload minus room
   * for headers. Longer answers are split (see RETAIN_MATCH).
   */
  readonly maxReplyBytes: number;
  /** Store failures (the caller sees UNAVAILABLE). */
  readonly onError?: (operation: string, error: unknown) => void;
}

/**
 * The retain service's handlers: serves `mqtt.retain.v1.*` over any RetainStore (Redis in
 * production, memory in tests). Stateless: any number of replicas share one store.
 */
export class RetainService {
  constructor(
    private readonly store: RetainStore,
    private readonly options: RetainServiceOptions,
  ) {}

  register(server: RpcServer): void {
    server.handle(RETAIN_SET.subject, (msg) => this.set(msg));
    server.handle(RETAIN_GET.subject, (msg) => this.get(msg));
    server.handleJson(RETAIN_DELETE, async ({ topic }) => ({
      deleted: await this.guard('delete', () => this.store.delete(topic)),
    }));
    server.handle(RETAIN_MATCH.subject, (msg) => this.match(msg));
    server.handleJson(RETAIN_COUNT, async () => ({
      count: await this.guard('count', () => this.store.count()),
    }));
  }

  private async set(msg: Msg): Promise<RpcReply> {
    const meta = readRetainedMessageMeta((name) => header(msg, name));
    if (!meta.ok) throw new RpcError('BAD_REQUEST', meta.error.message, meta.error.field);
    if (msg.data.length === 0) {
      // [MQTT-3.3.1-10] an empty retained payload means "delete": that is its own verb here.
      throw new RpcError(
        'BAD_REQUEST',
        `payload must not be empty (use ${RETAIN_DELETE.subject})`,
        'payload',
      );
    }
    const { topic, qos } = meta.value;
    // A copy: the stored message must not pin the connection's read buffer.
    const payload = Buffer.from(msg.data);
    await this.guard('set', () => this.store.set({ topic, qos, payload, retain: true }));
    return { body: JSON.stringify({ stored: true }) };
  }

  private async get(msg: Msg): Promise<RpcReply> {
    const { topic } = parseRequest(RetainGetRequest, msg);
    const found = await this.guard('get', () => this.store.get(topic));
    if (found === undefined) throw new RpcError('NOT_FOUND', `no retained message on ${topic}`);
    return {
      body: found.payload,
      headers: retainedMessageHeaders({ topic: found.topic, qos: found.qos }),
    };
  }

  private async match(msg: Msg): Promise<RpcReply[]> {
    const { filter } = parseRequest(RetainMatchRequest, msg);
    const found = await this.guard('match', () => this.store.match(filter));
    const bodies = encodeMatchFrames(found, this.options.maxReplyBytes);
    return [
      ...bodies.map((body) => ({ body })),
      { body: new Uint8Array(0), headers: [[META_HEADER.count, String(found.length)]] as const },
    ];
  }

  /** Store failures are UNAVAILABLE to the caller; the cause goes to the service's log. */
  private async guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e: unknown) {
      this.options.onError?.(operation, e);
      throw new RpcError('UNAVAILABLE', 'retained-message store unavailable');
    }
  }
}
