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
import type { Broker } from '@mithqtt/broker';
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
import { OutputBuffer } from './output-buffer';

export interface ConnectionOptions {
  readonly maxPacketSize: number;
  readonly highWaterMark: number;
}

/** How long a closing socket may take to flush before it is destroyed. */
const CLOSE_GRACE_MS = 2000;

/**
 * The imperative shell around one Channel: bytes in through the parser, actions out to the
 * socket and the broker. Writes are batched per tick (OutputBuffer) so a burst of deliveries
 * becomes one syscall, and delivery pauses when the socket buffer passes the high-water mark.
 */
export class Connection implements ChannelHost {
  readonly channel: Channel;
  private readonly parser: MqttParser;
  private readonly output: OutputBuffer;
  private closed = false;
  /**
   * Malformed bytes that arrived in the same read as a CONNECT still being authenticated:
   * the close waits for the CONNACK so that an accepted client's will is published.
   */
  private failureAfterConnect: unknown;

  constructor(
    private readonly socket: Socket,
    private readonly broker: Broker,
    private readonly options: ConnectionOptions,
    private readonly log: Logger,
    now: number,
  ) {
    this.parser = new MqttParser({ maxPacketSize: options.maxPacketSize });
    this.channel = new Channel(
      this,
      broker.options.channel,
      socket.remoteAddress ?? 'unknown',
      now,
    );
    this.output = new OutputBuffer(socket, (ok) => this.onFlushed(ok));
    broker.attach(this.channel);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.channel.onWritable());
    socket.on('error', (e: Error) => {
      this.log.debug({ err: e.message, clientId: this.channel.identity?.clientId }, 'socket error');
      this.channel.onClosed('socket-error');
    });
    socket.on('close', () => {
      this.closed = true;
      this.channel.onClosed('socket-closed');
    });
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
    const now = Date.now();
    for (const packet of packets) {
      this.channel.onPacket(packet, now);
      if (this.closed || this.channel.phase === 'closed') return;
    }
    if (failure === undefined) return;
    if (this.channel.phase === 'connecting') {
      this.failureAfterConnect = failure;
      this.socket.pause(); // the parser has failed: nothing more to read
      return;
    }
    this.onMalformed(failure);
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
    this.broker.publish(message);
  }

  subscribe(session: Session, filter: string, options: SubscriptionOptions): void {
    this.broker.subscribe(session, filter, options);
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

  /** Pause delivery when the socket holds more than the configured high-water mark. */
  private onFlushed(ok: boolean): void {
    if (!ok && this.socket.writableLength > this.options.highWaterMark)
      this.channel.writable = false;
  }
}
