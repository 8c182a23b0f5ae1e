import {
  type Broker,
  type ClientConnectedEvent,
  type ClientDisconnectedEvent,
  type ClusterPort,
  type SubscriptionEvent,
} from '@mithqtt/broker';
import type { QoS } from '@mithqtt/codec';
import type { Message } from '@mithqtt/protocol';
import {
  filterToSubjects,
  subjectToTopic,
  topicToSubject,
  validateTopicName,
} from '@mithqtt/topic';
import {
  headers,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';

/** NATS header names of a routed message (short: they travel with every message). */
export const HEADER = {
  qos: 'q',
  retain: 'r',
  /** Node id of the gateway that accepted the message. */
  origin: 'o',
  /** Per-origin sequence number, for de-duplication (see `onMessage`). */
  seq: 's',
  /** MQTT client id of the publisher (absent for API publishes). */
  clientId: 'c',
  /** Strict durability: the message's id in the origin node's durable log. */
  logId: 'l',
} as const;

/** Device events for backend services (JSON; never credentials). */
export const EVENT_SUBJECT = {
  clientConnected: 'mqtt.events.v1.client-connected',
  clientDisconnected: 'mqtt.events.v1.client-disconnected',
  clientSubscribed: 'mqtt.events.v1.client-subscribed',
  clientUnsubscribed: 'mqtt.events.v1.client-unsubscribed',
} as const;

/**
 * Backends publish to devices with a request on this subject: body = raw payload, headers
 * `topic`, `q` (0-2, default 0), `r` (`1` = retain). One node (queue group) accepts it like a
 * device PUBLISH (retained store, local delivery, other nodes) and replies `ok`, or
 * `error: <reason>` for an invalid topic or QoS.
 */
export const PUBLISH_SUBJECT = 'mqtt.api.v1.publish';

/**
 * Node-to-node request: "give up this client's session" (body: the client id). The node
 * closes the client's connection, flushes its session-store journal and replies `ok`.
 */
export function releaseSessionSubject(nodeId: string): string {
  return `mqtt.node.v1.${nodeId}.release-session`;
}
/**
 * Node-to-node flow control (cross-node publisher flow control, decision 0004): body
 * `pause <nodeId>` or `resume <nodeId>`, naming the node whose sessions are congested.
 */
export function flowSubject(nodeId: string): string {
  return `mqtt.node.v1.${nodeId}.flow`;
}
/** Longest wait for a node to release a session before the new node goes on without it. */
const RELEASE_TIMEOUT_MS = 2000;
const PUBLISH_QUEUE = 'mithqtt-publish';

export interface NatsClusterOptions {
  /** Subject prefix of routed messages, e.g. `mqtt.msg` (topics map under it reversibly). */
  readonly prefix: string;
  /** This node's unique id (random per process, so sequence numbers never restart under it). */
  readonly nodeId: string;
  readonly onError?: (context: string, error: unknown) => void;
  /**
   * Longest subject (bytes) sent to NATS. nats-server closes a connection whose protocol line
   * exceeds its `max_control_line` (4 KiB by default), so a longer subject from one device
   * would cut the whole node off the cluster. Topics and filters beyond it stay local (routed
   * on this node only) and are counted. Default 3,900 (room for the rest of the line).
   */
  readonly maxSubjectBytes?: number;
}

const DEFAULT_MAX_SUBJECT_BYTES = 3900;

/**
 * Message routing between broker nodes over NATS pub/sub. Each message is published once on
 * the subject its topic maps to, as raw payload bytes with a few NATS headers (no JSON, no
 * base64). A node subscribes only to the filters its local clients hold, reference-counted by
 * the broker, so messages reach only nodes with interest.
 *
 * Overlapping local filters (`a/#` and `a/+`) are separate NATS subscriptions, and NATS
 * delivers one copy per matching subscription. Copies of one publish arrive back to back and
 * sequence numbers from one origin arrive in order on one connection, so dropping any
 * sequence number not above the last one seen from that origin removes exactly the duplicates.
 */
export class NatsCluster implements ClusterPort {
  private broker: Broker | undefined;
  private seq = 0;
  private readonly lastSeen = new Map<string, number>();
  private readonly subscriptions = new Map<string, Subscription[]>();

  /** Topics and filters kept local because their subject was too long for NATS. */
  tooLong = 0;
  private readonly maxSubjectBytes: number;

  constructor(
    /** The node's NATS connection (shared with its other NATS services, e.g. node heartbeats). */
    readonly nc: NatsConnection,
    private readonly options: NatsClusterOptions,
  ) {
    this.maxSubjectBytes = options.maxSubjectBytes ?? DEFAULT_MAX_SUBJECT_BYTES;
  }

  /** False (and counted, reported once per 1,000) for a subject NATS would refuse. */
  private fits(subject: string): boolean {
    if (subject.length <= this.maxSubjectBytes / 4) return true; // fast path: short ASCII
    if (Buffer.byteLength(subject) <= this.maxSubjectBytes) return true;
    if (this.tooLong++ % 1000 === 0) {
      this.options.onError?.(
        'nats.subject-too-long',
        new Error(
          `subject of ${Buffer.byteLength(subject)} bytes exceeds ${this.maxSubjectBytes}: routed on this node only`,
        ),
      );
    }
    return false;
  }

  /** Connects the bridge to the broker whose messages it carries (set once at start-up). */
  attach(broker: Broker): void {
    this.broker = broker;
    this.nc.subscribe(PUBLISH_SUBJECT, {
      queue: PUBLISH_QUEUE,
      callback: (err, msg) => {
        if (err) return this.options.onError?.('nats.api.publish', err);
        this.onBackendPublish(msg);
      },
    });
    this.nc.subscribe(releaseSessionSubject(this.options.nodeId), {
      callback: (err, msg) => {
        if (err) return this.options.onError?.('nats.release-session', err);
        broker.releaseSession(msg.string()).then(
          () => msg.respond('ok'),
          (e: unknown) => {
            this.options.onError?.('release-session', e);
            msg.respond('error');
          },
        );
      },
    });
    this.nc.subscribe(flowSubject(this.options.nodeId), {
      callback: (err, msg) => {
        if (err) return this.options.onError?.('nats.flow', err);
        const [verb, by] = msg.string().split(' ');
        if (by && (verb === 'pause' || verb === 'resume')) {
          broker.remoteFlowControl(by, verb === 'pause');
        }
      },
    });
    this.nc.subscribe(EVENT_SUBJECT.clientConnected, {
      callback: (err, msg) => {
        if (err) return this.options.onError?.('nats.events', err);
        this.onClientConnected(msg);
      },
    });
  }

  async releaseSession(node: string, clientId: string): Promise<boolean> {
    try {
      await this.nc.request(releaseSessionSubject(node), clientId, { timeout: RELEASE_TIMEOUT_MS });
      return true;
    } catch (e: unknown) {
      // No responder: that node is gone and its last journal writes are what the store holds.
      // A timeout: it is alive but slow; the client-connected event still closes its copy.
      this.options.onError?.('release-session', e);
      return false;
    }
  }

  flush(): Promise<void> {
    return this.nc.flush().catch((e: unknown) => this.options.onError?.('nats.flush', e));
  }

  flowPause(origin: string): void {
    this.sendFlow(origin, 'pause');
  }

  flowResume(origin: string): void {
    this.sendFlow(origin, 'resume');
  }

  private sendFlow(origin: string, verb: 'pause' | 'resume'): void {
    try {
      this.nc.publish(flowSubject(origin), `${verb} ${this.options.nodeId}`);
    } catch (e: unknown) {
      this.options.onError?.('nats.flow', e);
    }
  }

  clientConnected(event: ClientConnectedEvent): void {
    this.publishEvent(EVENT_SUBJECT.clientConnected, event);
  }

  clientDisconnected(event: ClientDisconnectedEvent): void {
    this.publishEvent(EVENT_SUBJECT.clientDisconnected, event);
  }

  subscriptionChanged(event: SubscriptionEvent): void {
    this.publishEvent(
      event.qos === undefined ? EVENT_SUBJECT.clientUnsubscribed : EVENT_SUBJECT.clientSubscribed,
      event,
    );
  }

  private publishEvent(
    subject: string,
    event: ClientConnectedEvent | ClientDisconnectedEvent | SubscriptionEvent,
  ): void {
    try {
      this.nc.publish(subject, JSON.stringify({ ...event, nodeId: this.options.nodeId }));
    } catch (e: unknown) {
      this.options.onError?.('nats.event', e);
    }
  }

  private onBackendPublish(msg: Msg): void {
    const h = msg.headers;
    const topic = h?.get('topic') ?? '';
    const qosText = h?.get(HEADER.qos) || '0';
    // [MQTT-3.3.2-2] the same topic-name rules as a device PUBLISH.
    if (validateTopicName(topic) !== null) {
      msg.respond(`error: invalid topic ${JSON.stringify(topic)}`);
      return;
    }
    if (qosText !== '0' && qosText !== '1' && qosText !== '2') {
      msg.respond('error: q must be 0, 1 or 2');
      return;
    }
    const durable = this.broker?.publish({
      topic,
      payload: Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength),
      qos: Number(qosText) as QoS,
      retain: h?.get(HEADER.retain) === '1',
    });
    if (durable === undefined) {
      msg.respond('ok');
      return;
    }
    // Strict durability: `ok` only once the message is in the durable log and on NATS.
    durable.then(
      () => msg.respond('ok'),
      () => msg.respond('error: durable log unavailable'),
    );
  }

  /** Another node accepted a client id: close ours if it is older (cluster-wide takeover). */
  private onClientConnected(msg: Msg): void {
    let event: { clientId?: unknown; at?: unknown; nodeId?: unknown };
    try {
      event = JSON.parse(new TextDecoder().decode(msg.data)) as typeof event;
    } catch (e: unknown) {
      this.options.onError?.('nats.events.decode', e);
      return;
    }
    const { clientId, at, nodeId } = event;
    if (typeof clientId !== 'string' || typeof at !== 'number' || typeof nodeId !== 'string')
      return;
    if (nodeId === this.options.nodeId) return;
    // Equal timestamps: the larger node id wins, the same answer on every node.
    this.broker?.remoteConnect(clientId, at, nodeId > this.options.nodeId);
  }

  publish(message: Message): void {
    const subject = topicToSubject(message.topic, this.options.prefix);
    if (!this.fits(subject)) return;
    const h = headers();
    h.set(HEADER.qos, String(message.qos));
    if (message.retain) h.set(HEADER.retain, '1');
    h.set(HEADER.origin, this.options.nodeId);
    h.set(HEADER.seq, String(++this.seq));
    if (message.origin !== undefined) h.set(HEADER.clientId, message.origin);
    if (message.logId !== undefined) h.set(HEADER.logId, message.logId);
    try {
      this.nc.publish(subject, message.payload, {
        headers: h,
      });
    } catch (e: unknown) {
      this.options.onError?.('nats.publish', e);
    }
  }

  interestAdded(filter: string): Promise<void> {
    if (this.subscriptions.has(filter)) return Promise.resolve();
    const subjects = filterToSubjects(filter, this.options.prefix);
    if (!subjects.every((subject) => this.fits(subject))) return Promise.resolve();
    const subs = subjects.map((subject) =>
      this.nc.subscribe(subject, {
        callback: (err, msg) =>
          err ? this.options.onError?.('nats.subscribe', err) : this.onMessage(msg),
      }),
    );
    this.subscriptions.set(filter, subs);
    // A PING/PONG after the SUB: once the server answered, it has the subscription, and a
    // message another node publishes from now on is routed here.
    return this.nc.flush().catch((e: unknown) => this.options.onError?.('nats.flush', e));
  }

  interestRemoved(filter: string): void {
    const subs = this.subscriptions.get(filter);
    if (!subs) return;
    this.subscriptions.delete(filter);
    for (const sub of subs) sub.unsubscribe();
  }

  /** Flushes what was published and leaves the cluster (graceful shutdown). */
  async close(): Promise<void> {
    await this.nc.drain();
  }

  /** Filters this node currently receives (for admin and tests). */
  get interest(): string[] {
    return [...this.subscriptions.keys()];
  }

  private onMessage(msg: Msg): void {
    const h = msg.headers;
    if (!h || !this.broker) return;
    const origin = h.get(HEADER.origin);
    if (origin === this.options.nodeId) return; // already delivered locally
    const seq = Number(h.get(HEADER.seq));
    if ((this.lastSeen.get(origin) ?? 0) >= seq) return; // another subscription's copy
    this.lastSeen.set(origin, seq);
    let topic: string;
    try {
      topic = subjectToTopic(msg.subject, this.options.prefix);
    } catch (e: unknown) {
      this.options.onError?.('nats.subject', e);
      return;
    }
    this.broker.routeFromCluster(toMessage(topic, msg.data, h, origin), origin);
  }
}

function toMessage(topic: string, payload: Uint8Array, h: MsgHdrs, node: string): Message {
  const clientId = h.get(HEADER.clientId);
  const logId = h.get(HEADER.logId);
  const message: Message = {
    topic,
    payload: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength),
    qos: Number(h.get(HEADER.qos)) as QoS,
    retain: h.get(HEADER.retain) === '1',
    origin: clientId === '' ? undefined : clientId,
  };
  // Strict durability only: the log id and its node travel with the message.
  return logId === '' ? message : { ...message, logId, node };
}
