import type { Packet, QoS } from '@mithqtt/codec';
import type { Message } from './message';
import type { Session, SubscriptionOptions } from './session';

/** Who is on the other end of a channel, as authentication established it. */
export interface ClientIdentity {
  readonly clientId: string;
  readonly username: string | undefined;
  readonly remoteAddress: string;
}

export interface ConnectRequest extends ClientIdentity {
  readonly password: Buffer | undefined;
  readonly cleanSession: boolean;
  readonly protocolVersion: number;
}

export type ConnectResult =
  | { readonly ok: true; readonly session: Session; readonly sessionPresent: boolean }
  /** v3/v4 CONNACK return code (1-5). */
  | { readonly ok: false; readonly returnCode: number };

/** Why a connection ends; decides whether the will is published [MQTT-3.1.2-8]. */
export type CloseReason =
  | 'client-disconnect'
  | 'socket-closed'
  | 'socket-error'
  | 'keepalive-timeout'
  | 'connect-timeout'
  | 'protocol-error'
  | 'malformed-packet'
  | 'taken-over'
  | 'kicked'
  | 'not-authorized'
  | 'connect-refused'
  | 'server-shutdown';

/** A PUBLISH the shell must write: header built from these fields, payload written as is. */
export interface OutgoingPublish {
  readonly message: Message;
  readonly qos: QoS;
  readonly retain: boolean;
  readonly packetId: number;
  readonly dup: boolean;
}

/**
 * Everything the protocol core asks of the world. The core never touches sockets, timers or
 * stores; the gateway implements this (socket writes, the broker, auth) and tests implement it
 * with a recorder. Calls are the "actions" of the functional core.
 */
export interface ChannelHost {
  /** Write a control packet. */
  send(packet: Packet): void;
  /** Write a PUBLISH (zero-copy: the payload buffer is written as is). */
  sendPublish(publish: OutgoingPublish): void;
  /** Close the network connection (the core has already settled will and session). */
  close(reason: CloseReason): void;
  /** Authenticate and open the session; answer with `Channel.onConnectResult`. */
  connect(request: ConnectRequest): void;
  /** Cached authorization (no round trip): may this client publish to this topic? */
  authorizePublish(identity: ClientIdentity, topic: string, qos: QoS, retain: boolean): boolean;
  /** Cached authorization: may this client subscribe to this filter? */
  authorizeSubscribe(identity: ClientIdentity, filter: string, qos: QoS): boolean;
  /** Route an accepted application message (and store it if retained). */
  publish(message: Message): void;
  /** Index a subscription and deliver matching retained messages (after the SUBACK). */
  subscribe(session: Session, filter: string, options: SubscriptionOptions, isNew: boolean): void;
  unsubscribe(session: Session, filter: string): void;
  /** The connection is gone; `session` is undefined if it never connected. */
  disconnected(session: Session | undefined, reason: CloseReason): void;
}
