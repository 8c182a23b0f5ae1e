import { type Packet, PacketType, type ProtocolVersion, type QoS, type Will } from '@mithqtt/codec';
import type { ChannelConfig } from './config';
import { handleConnect } from './handlers/connect';
import { handleDisconnect } from './handlers/disconnect';
import { handlePuback, handlePubcomp, handlePubrec } from './handlers/outbound-acks';
import { handlePingreq } from './handlers/pingreq';
import { handlePublish } from './handlers/publish';
import { handlePubrel } from './handlers/pubrel';
import { handleSubscribe } from './handlers/subscribe';
import { handleUnsubscribe } from './handlers/unsubscribe';
import type { ChannelHost, ClientIdentity, CloseReason, ConnectResult } from './host';
import type { Message } from './message';
import type { Session } from './session';

export type ChannelPhase = 'awaiting-connect' | 'connecting' | 'connected' | 'closed';

/** Most packets a client may send between CONNECT and its CONNACK (authentication is pending). */
const MAX_HELD_PACKETS = 1000;

/**
 * The per-connection protocol core (EMQX's channel, minus the socket). It holds the connection's
 * protocol state, reacts to packets, connect results, deliveries and clock ticks, and asks the
 * host for every effect. It does no I/O and reads no clock: `now` is passed in, so every
 * protocol rule is testable with a fake clock and a recording host.
 */
export class Channel {
  phase: ChannelPhase = 'awaiting-connect';
  protocolVersion: ProtocolVersion = 4;
  identity: ClientIdentity | undefined;
  session: Session | undefined;
  cleanSession = true;
  /** Seconds; 0 disables the keepalive check [MQTT-3.1.2-23 note]. */
  keepAlive = 0;
  will: Will | undefined;
  /** Last time a packet arrived (ms). */
  lastActivity: number;
  /** False while the socket buffer is over its high-water mark: delivery pauses. */
  writable = true;
  /** Messages dropped for this connection (QoS 0 under backpressure, full queue). */
  dropped = 0;
  /** Packets received after CONNECT while its outcome is pending (see `onPacket`). */
  private held: Packet[] | undefined;

  constructor(
    readonly host: ChannelHost,
    readonly config: ChannelConfig,
    readonly remoteAddress: string,
    readonly openedAt: number,
  ) {
    this.lastActivity = openedAt;
  }

  /** Handle one decoded packet from the client. */
  onPacket(packet: Packet, now: number): void {
    if (this.phase === 'closed') return;
    this.lastActivity = now;
    if (this.phase !== 'connected') {
      if (packet.type === PacketType.CONNECT && this.phase === 'awaiting-connect') {
        handleConnect(this, packet);
        return;
      }
      if (this.phase === 'connecting' && packet.type !== PacketType.CONNECT) {
        // [MQTT 3.1.4] a client need not wait for CONNACK: what follows CONNECT waits for the
        // outcome, and is discarded if the CONNECT is refused [MQTT-3.1.4-5].
        const held = (this.held ??= []);
        if (held.length >= MAX_HELD_PACKETS) this.closeWith('protocol-error');
        else held.push(packet);
        return;
      }
      // [MQTT-3.1.0-1] the first packet must be CONNECT; [MQTT-3.1.0-2] and only one.
      this.closeWith('protocol-error');
      return;
    }
    switch (packet.type) {
      case PacketType.PUBLISH:
        return handlePublish(this, packet);
      case PacketType.PUBACK:
        return handlePuback(this, packet);
      case PacketType.PUBREC:
        return handlePubrec(this, packet);
      case PacketType.PUBREL:
        return handlePubrel(this, packet);
      case PacketType.PUBCOMP:
        return handlePubcomp(this, packet);
      case PacketType.SUBSCRIBE:
        return handleSubscribe(this, packet);
      case PacketType.UNSUBSCRIBE:
        return handleUnsubscribe(this, packet);
      case PacketType.PINGREQ:
        return handlePingreq(this);
      case PacketType.DISCONNECT:
        return handleDisconnect(this);
      case PacketType.CONNECT: // [MQTT-3.1.0-2] a second CONNECT is a protocol violation
      case PacketType.CONNACK:
      case PacketType.SUBACK:
      case PacketType.UNSUBACK:
      case PacketType.PINGRESP:
      case PacketType.AUTH:
        return this.closeWith('protocol-error');
    }
  }

  /** Whether `deliver` sends now (see SessionOwner.delivering). */
  get delivering(): boolean {
    return this.phase === 'connected';
  }

  /** The host's answer to `connect`. */
  onConnectResult(result: ConnectResult): void {
    if (this.phase !== 'connecting') return; // closed meanwhile (timeout, socket gone)
    if (!result.ok) {
      this.host.send({
        type: PacketType.CONNACK,
        sessionPresent: false,
        reasonCode: result.returnCode,
      });
      this.closeWith('connect-refused');
      return;
    }
    this.session = result.session;
    this.phase = 'connected';
    // [MQTT-3.2.2-1..3] session present only for a resumed persistent session; MQTT 3.1 has no
    // such flag (the byte is reserved, 0), as mosquitto does.
    this.host.send({
      type: PacketType.CONNACK,
      sessionPresent: result.sessionPresent && this.protocolVersion !== 3,
      reasonCode: 0,
    });
    this.resend();
    this.pump();
    const held = this.held;
    this.held = undefined;
    for (const packet of held ?? []) this.onPacket(packet, this.lastActivity);
  }

  /**
   * Deliver a routed message at `qos` (already min(publish, granted)). Keeps per-session order:
   * anything queued goes first, QoS 0 included.
   */
  deliver(message: Message, qos: QoS, retain: boolean): void {
    const session = this.session;
    if (!session || this.phase !== 'connected') return;
    if (qos === 0 && session.queue.length === 0) {
      if (!this.writable) {
        this.dropped++; // QoS 0 is "at most once": a slow consumer loses it rather than the broker's memory
        return;
      }
      this.host.sendPublish({ message, qos, retain, packetId: 0, dup: false });
      return;
    }
    if (!session.enqueue(message, qos, retain, this.config.queue)) this.dropped++;
    this.pump();
  }

  /** Send queued messages while the in-flight window and the socket allow. */
  pump(): void {
    const session = this.session;
    if (!session || this.phase !== 'connected') return;
    // `session.queue` is read each time: a session allocates its queue on first use.
    while (this.writable && session.queue.length > 0) {
      const next = session.queue.peek();
      if (!next) break;
      if (next.qos === 0) {
        session.dequeue();
        this.host.sendPublish({
          message: next.message,
          qos: 0,
          retain: next.retain,
          packetId: 0,
          dup: false,
        });
        continue;
      }
      if (session.inflight.size >= this.config.maxInflight) break;
      const packetId = session.nextPacketId();
      if (packetId === 0) break;
      session.dequeue();
      session.addInflight({
        packetId,
        message: next.message,
        qos: next.qos,
        retain: next.retain,
        phase: 'publish',
      });
      this.host.sendPublish({
        message: next.message,
        qos: next.qos,
        retain: next.retain,
        packetId,
        dup: false,
      });
    }
    if (
      session.drainWaiters !== undefined &&
      session.queue.length <= this.config.queue.maxQueued >> 2
    ) {
      session.releaseDrainWaiters();
    }
  }

  /** The socket drained below its low-water mark. */
  onWritable(): void {
    this.writable = true;
    this.pump();
  }

  /** Keepalive and connect-timeout checks, called by the host's sweep with the current time. */
  tick(now: number): void {
    if (this.phase === 'awaiting-connect' || this.phase === 'connecting') {
      if (now - this.openedAt >= this.config.connectTimeoutMs) this.closeWith('connect-timeout');
      return;
    }
    // [MQTT-3.1.2-24] one and a half times the keepalive without a packet closes the connection.
    if (
      this.phase === 'connected' &&
      this.keepAlive > 0 &&
      now - this.lastActivity >= this.keepAlive * 1500
    ) {
      this.closeWith('keepalive-timeout');
    }
  }

  /** The network connection is gone (or the host closes it): settle will and session once. */
  onClosed(reason: CloseReason): void {
    if (this.phase === 'closed') return;
    const wasConnected = this.phase === 'connected';
    this.phase = 'closed';
    // The session goes offline before the will is routed: a persistent session subscribed to
    // its own will topic then queues it (or hands it to the connection taking it over).
    this.host.disconnected(wasConnected ? this.session : undefined, reason);
    if (wasConnected && this.will && reason !== 'client-disconnect') {
      // [MQTT-3.1.2-8] the will is published when the connection closes without DISCONNECT.
      const will = this.will;
      this.will = undefined;
      this.host.publish({
        topic: will.topic,
        payload: will.payload,
        qos: will.qos,
        retain: will.retain,
        origin: this.identity?.clientId,
      });
    }
  }

  /** Close because of `reason`: settle first, then ask the host to drop the socket. */
  closeWith(reason: CloseReason): void {
    if (this.phase === 'closed') return;
    this.onClosed(reason);
    this.host.close(reason);
  }

  /** [MQTT-4.4.0-1] re-send unacknowledged PUBLISH (DUP=1) and PUBREL on session resume, in order. */
  private resend(): void {
    const session = this.session;
    if (!session) return;
    for (const entry of session.inflight.values()) {
      if (entry.phase === 'publish') {
        this.host.sendPublish({
          message: entry.message,
          qos: entry.qos,
          retain: entry.retain,
          packetId: entry.packetId,
          dup: true,
        });
      } else {
        this.host.send({ type: PacketType.PUBREL, packetId: entry.packetId });
      }
    }
  }
}
