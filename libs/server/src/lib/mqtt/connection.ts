import type { Socket } from 'node:net';
import {
  encode,
  encodePublishHeader,
  MqttParser,
  type Packet,
  PacketType,
  type ProtocolVersion,
  type PublishPacket,
  type QoS,
} from '@mithqtt/codec';
import type { Broker, FlowControlledPublisher } from '@mithqtt/broker';
import {
  Channel,
  type ChannelHost,
  type ClientIdentity,
  type CloseReason,
  type ConnectRequest,
  type Message,
  type OutgoingPublish,
  type Session,
  type SubscriptionOptions,
} from '@mithqtt/protocol';
import type { Logger } from 'pino';
import { codecErrorOutcome } from './codec-error-outcome';
import { type FlushObserver, OutputBuffer } from './output-buffer';

export interface ConnectionOptions {
  readonly maxPacketSize: number;
  readonly highWaterMark: number;
}

/** Where the listener keeps its open sockets (a Set): the connection removes its own on close. */
export interface SocketRegistry {
  delete(socket: Socket): unknown;
}

/** The socket's link to its connection, read by the shared listeners below. */
const CONNECTION = Symbol('mqttConnection');

interface LinkedSocket extends Socket {
  [CONNECTION]: Connection;
}

/** How long a closing socket may take to flush before it is destroyed. */
const CLOSE_GRACE_MS = 2000;

/**
 * Flow control: payload bytes of PUBLISH packets held while paused before the socket itself
 * stops being read (acks keep being read until then, so subscribers' acks still flow).
 */
const HOLD_BYTES_BEFORE_SOCKET_PAUSE = 262_144;
/**
 * Longest pause: two clients publishing to each other while both are slow could otherwise
 * wait on each other's acks forever once both sockets stop being read. After this the
 * publisher goes on and the queue's drop policy applies.
 */
const MAX_PAUSE_MS = 5000;

/**
 * The imperative shell around one Channel: bytes in through the parser, actions out to the
 * socket and the broker. Writes are batched per tick (OutputBuffer) so a burst of deliveries
 * becomes one syscall, and delivery pauses when the socket buffer passes the high-water mark.
 */
export class Connection implements ChannelHost, FlowControlledPublisher, FlushObserver {
  readonly channel: Channel;
  private readonly parser: MqttParser;
  private readonly output: OutputBuffer;
  private closed = false;
  /**
   * Malformed bytes that arrived in the same read as a CONNECT still being authenticated:
   * the close waits for the CONNACK so that an accepted client's will is published.
   */
  private failureAfterConnect: unknown;
  /** Publisher flow control: congested sessions this connection waits for (see Broker). */
  private waitingOn = 0;
  /** Packets read while paused, in order, waiting to be handled. */
  private heldPackets: Packet[] | undefined;
  private heldBytes = 0;
  private socketPaused = false;
  private pauseTimer: NodeJS.Timeout | undefined;
  /**
   * Strict durability only (one field, allocated on first use: memory per idle connection is
   * a target): the last log write a PUBACK waits for, the last journal write a delivery does.
   */
  private strictHold: { durable?: Promise<void>; journal?: Promise<void> } | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly broker: Broker,
    private readonly options: ConnectionOptions,
    private readonly log: Logger,
    now: number,
    private readonly registry?: SocketRegistry,
  ) {
    this.parser = new MqttParser({ maxPacketSize: options.maxPacketSize });
    this.channel = new Channel(
      this,
      broker.options.channel,
      socket.remoteAddress ?? 'unknown',
      now,
    );
    this.output = new OutputBuffer(socket, this);
    broker.attach(this.channel);
    socket.setNoDelay(true);
    // Shared listener functions that find the connection through the socket: closures would
    // cost about 300 bytes per connection (four closures and their context).
    (socket as LinkedSocket)[CONNECTION] = this;
    socket.on('data', Connection.onSocketData);
    socket.on('drain', Connection.onSocketDrain);
    socket.on('error', Connection.onSocketError);
    socket.on('close', Connection.onSocketClose);
  }

  private static onSocketData(this: Socket, chunk: Buffer): void {
    (this as LinkedSocket)[CONNECTION].onData(chunk);
  }

  private static onSocketDrain(this: Socket): void {
    (this as LinkedSocket)[CONNECTION].channel.onWritable();
  }

  private static onSocketError(this: Socket, e: Error): void {
    const connection = (this as LinkedSocket)[CONNECTION];
    const clientId = connection.channel.identity?.clientId;
    connection.log.debug({ err: e.message, clientId }, 'socket error');
    connection.channel.onClosed('socket-error');
  }

  private static onSocketClose(this: Socket): void {
    (this as LinkedSocket)[CONNECTION].onClose();
  }

  private onClose(): void {
    // What was read is handled (a held DISCONNECT must still suppress the will).
    this.handleHeld();
    this.closed = true;
    clearTimeout(this.pauseTimer);
    this.channel.onClosed('socket-closed');
    this.registry?.delete(this.socket);
  }

  private onData(chunk: Buffer): void {
    let packets: Packet[];
    let failure: unknown;
    try {
      packets = this.parser.push(chunk);
    } catch (e: unknown) {
      // The valid packets ahead of the bad bytes are still handled (a CONNECT among them
      // makes the close a post-connect close, which publishes the will [MQTT-3.1.2-8]).
      packets = this.parser.packetsBeforeFailure as Packet[];
      failure = e;
    }
    this.handle(packets, Date.now());
    if (failure === undefined || this.closed || this.channel.phase === 'closed') return;
    if (this.channel.phase === 'connecting') {
      this.failureAfterConnect = failure;
      this.socket.pause(); // the parser has failed: nothing more to read
      return;
    }
    this.onMalformed(failure);
  }

  /**
   * Hand packets to the channel in order; while paused, hold all but acks and PINGREQ. Also
   * while held packets wait for their deferred resume (the pause is over, the resume runs on
   * the next turn): a packet read in between must queue behind them, or it would overtake
   * them [MQTT-4.6.0-6] (seen: message 853 delivered before 532).
   */
  private handle(packets: readonly Packet[], now: number): void {
    for (const packet of packets) {
      if ((this.waitingOn > 0 || this.heldPackets !== undefined) && !passesPause(packet)) {
        this.hold(packet, now);
        continue;
      }
      this.channel.onPacket(packet, now);
      if (this.closed || this.channel.phase === 'closed') return; // handled by the broker
    }
  }

  private hold(packet: Packet, now: number): void {
    (this.heldPackets ??= []).push(packet);
    // Received counts as activity for keepalive [MQTT-3.1.2-24], handled or not.
    this.channel.lastActivity = now;
    if (packet.type === PacketType.PUBLISH) this.heldBytes += packet.payload.length;
    if (!this.socketPaused && this.heldBytes >= HOLD_BYTES_BEFORE_SOCKET_PAUSE) {
      this.socketPaused = true;
      this.socket.pause();
    }
  }

  // --- FlowControlledPublisher -----------------------------------------------------------

  get session(): Session | undefined {
    return this.channel.session;
  }

  waitForDrain(): void {
    if (this.waitingOn++ > 0) return;
    clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => {
      this.waitingOn = 0; // gave up waiting (see MAX_PAUSE_MS); late drained() calls are ignored
      this.resume();
    }, MAX_PAUSE_MS);
    this.pauseTimer.unref();
  }

  drained(): void {
    if (this.waitingOn === 0) return;
    // Later, not inside the draining channel's pump: resuming handles held PUBLISHes, which
    // route, and routing must not nest inside another connection's delivery.
    if (--this.waitingOn === 0) {
      setImmediate(() => {
        if (this.waitingOn === 0) this.resume();
      });
    }
  }

  private resume(): void {
    clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
    this.handleHeld();
    if (this.waitingOn === 0 && this.socketPaused && !this.closed) {
      this.socketPaused = false;
      this.socket.resume();
    }
  }

  /** Handle held packets; if that pauses again, the rest are held again, order kept. */
  private handleHeld(): void {
    const held = this.heldPackets;
    if (held === undefined || this.closed) return;
    this.heldPackets = undefined;
    this.heldBytes = 0;
    this.handle(held, Date.now());
  }

  private onMalformed(error: unknown): void {
    const outcome = codecErrorOutcome(error, this.channel.phase);
    this.log.debug(
      { err: outcome.detail, clientId: this.channel.identity?.clientId },
      'malformed input',
    );
    if (outcome.connackCode !== undefined) {
      // [MQTT-3.1.2-2] an unsupported protocol level gets CONNACK 0x01, then the close.
      this.write(
        encode(
          { type: PacketType.CONNACK, sessionPresent: false, reasonCode: outcome.connackCode },
          4,
        ),
      );
    }
    // Malformed input closes this connection only, as a non-DISCONNECT close (the will fires).
    this.channel.closeWith('malformed-packet');
  }

  // --- ChannelHost ---------------------------------------------------------------------

  send(packet: Packet): void {
    this.write(encode(packet, this.channel.protocolVersion));
  }

  sendPublish(p: OutgoingPublish): void {
    if (this.closed) return;
    if (p.qos > 0 && this.broker.strictDurability) this.holdForJournal();
    const m = p.message;
    const version = this.channel.protocolVersion;
    if (version !== 5 && !p.dup && !p.retain) {
      // Hot path: the header is encoded once per message and QoS, shared by all subscribers.
      const cache = (m.headerCache ??= [undefined, undefined, undefined]);
      let header = cache[p.qos];
      if (header === undefined) {
        header = this.encodeHeader(m, p.qos, false, false, p.qos > 0 ? 1 : undefined, version);
        cache[p.qos] = header;
      }
      if (p.qos === 0) this.output.write(header);
      else this.output.writeHeaderWithPacketId(header, p.packetId);
    } else {
      this.write(
        this.encodeHeader(m, p.qos, p.retain, p.dup, p.qos > 0 ? p.packetId : undefined, version),
      );
    }
    // The shared payload buffer as is: copied into the batch if small, else by reference.
    if (m.payload.length > 0) this.output.write(m.payload);
  }

  /**
   * Strict durability: a QoS 1/2 PUBLISH to a persistent session leaves only once its journal
   * write is stored (SessionStore.written), so that after a gateway death the message is
   * re-sent with DUP=1 from the journal, never delivered again as a new one.
   */
  private holdForJournal(): void {
    const session = this.channel.session;
    if (!session) return;
    const written = this.broker.journaled(session);
    const held = (this.strictHold ??= {});
    if (written === undefined || written === held.journal) return;
    held.journal = written;
    this.output.cork(written);
  }

  private encodeHeader(
    m: Message,
    qos: QoS,
    retain: boolean,
    dup: boolean,
    packetId: number | undefined,
    version: ProtocolVersion,
  ): Buffer {
    const packet: PublishPacket = {
      type: PacketType.PUBLISH,
      topic: m.topic,
      payload: m.payload,
      qos,
      retain,
      dup,
      packetId,
      properties: version === 5 ? m.properties : undefined,
    };
    return encodePublishHeader(packet, version);
  }

  close(_reason: CloseReason): void {
    if (this.closed) return;
    this.output.flush(); // e.g. a refusing CONNACK must go out before the FIN
    this.closed = true;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  connect(request: ConnectRequest): void {
    this.broker.connect(this.channel, request).then(
      (result) => {
        this.channel.onConnectResult(result);
        this.closeForDeferredFailure();
      },
      (e: unknown) => {
        this.log.error({ err: e }, 'connect failed');
        this.channel.onConnectResult({ ok: false, returnCode: 3 });
        this.closeForDeferredFailure();
      },
    );
  }

  private closeForDeferredFailure(): void {
    const failure = this.failureAfterConnect;
    if (failure === undefined || this.channel.phase === 'closed') return;
    this.failureAfterConnect = undefined;
    this.onMalformed(failure);
  }

  authorizePublish(identity: ClientIdentity, topic: string, qos: QoS, retain: boolean): boolean {
    const ok = this.broker.authorizePublish(identity, topic, qos, retain);
    if (!ok) this.log.warn({ clientId: identity.clientId, topic }, 'publish denied');
    return ok;
  }

  authorizeSubscribe(identity: ClientIdentity, filter: string, qos: QoS): boolean {
    const ok = this.broker.authorizeSubscribe(identity, filter, qos);
    if (!ok) this.log.warn({ clientId: identity.clientId, filter }, 'subscribe denied');
    return ok;
  }

  publish(message: Message): void {
    const durable = this.broker.publish(message, this);
    // Messages of one log write share one promise: one cork and one handler for them all. A
    // will (published as the connection closes) has no acknowledgement to hold back here.
    if (durable === undefined || durable === this.strictHold?.durable) return;
    if (this.closed || this.channel.phase === 'closed') return; // handled by the broker
    (this.strictHold ??= {}).durable = durable;
    // Strict durability: the PUBACK/PUBREC is in the batch already; it leaves once the message
    // is in the durable log and on NATS. If the log write failed it never leaves: the
    // connection is dropped (this handler runs before the cork's release) and the client
    // re-sends the message after reconnecting [MQTT-4.4.0-1].
    durable.catch(() => {
      if (this.closed) return;
      this.log.warn({ clientId: this.channel.identity?.clientId }, 'durable log unavailable');
      this.closed = true;
      this.socket.destroy();
      this.channel.onClosed('socket-error');
    });
    this.output.cork(durable);
  }

  subscribe(session: Session, filter: string, options: SubscriptionOptions): void {
    const ready = this.broker.subscribe(session, filter, options);
    // The SUBACK is in the batch already: it leaves once the cluster routes the filter here.
    if (ready) this.output.cork(ready);
  }

  unsubscribe(session: Session, filter: string): void {
    this.broker.unsubscribe(session, filter);
  }

  disconnected(session: Session | undefined, reason: CloseReason): void {
    this.broker.disconnected(this.channel, session, reason);
    if (session) this.log.debug({ clientId: session.clientId, reason }, 'client disconnected');
  }

  // --- writes --------------------------------------------------------------------------

  private write(buffer: Buffer): void {
    if (this.closed) return;
    this.output.write(buffer);
  }

  /** FlushObserver: pause delivery when the socket holds more than the high-water mark. */
  flushed(ok: boolean): void {
    if (!ok && this.socket.writableLength > this.options.highWaterMark)
      this.channel.writable = false;
  }
}

/**
 * Packets handled even while the publisher is paused: acks of outgoing messages (they drain
 * other sessions' queues, which is what a pause waits for) and PINGREQ. Everything else keeps
 * its order behind the held PUBLISHes (a SUBSCRIBE or DISCONNECT must not overtake them).
 */
function passesPause(packet: Packet): boolean {
  return (
    packet.type === PacketType.PUBACK ||
    packet.type === PacketType.PUBREC ||
    packet.type === PacketType.PUBCOMP ||
    packet.type === PacketType.PINGREQ
  );
}
