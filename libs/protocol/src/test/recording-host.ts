import type { Packet, QoS } from '@mithqtt/codec';
import type {
  ChannelHost,
  ClientIdentity,
  CloseReason,
  ConnectRequest,
  Message,
  OutgoingPublish,
  Session,
  SubscriptionOptions,
} from '../index';

export type Action =
  | { kind: 'send'; packet: Packet }
  | { kind: 'publish-out'; publish: OutgoingPublish }
  | { kind: 'close'; reason: CloseReason }
  | { kind: 'connect'; request: ConnectRequest }
  | { kind: 'route'; message: Message }
  | { kind: 'subscribe'; filter: string; options: SubscriptionOptions; isNew: boolean }
  | { kind: 'unsubscribe'; filter: string }
  | { kind: 'disconnected'; session: Session | undefined; reason: CloseReason };

/** A ChannelHost that records every action: the channel's output, as data, for assertions. */
export class RecordingHost implements ChannelHost {
  actions: Action[] = [];
  denyPublish = new Set<string>();
  denySubscribe = new Set<string>();

  take(): Action[] {
    const out = this.actions;
    this.actions = [];
    return out;
  }

  send(packet: Packet): void {
    this.actions.push({ kind: 'send', packet });
  }
  sendPublish(publish: OutgoingPublish): void {
    this.actions.push({ kind: 'publish-out', publish });
  }
  close(reason: CloseReason): void {
    this.actions.push({ kind: 'close', reason });
  }
  connect(request: ConnectRequest): void {
    this.actions.push({ kind: 'connect', request });
  }
  authorizePublish(_identity: ClientIdentity, topic: string, _qos: QoS, _retain: boolean): boolean {
    return !this.denyPublish.has(topic);
  }
  authorizeSubscribe(_identity: ClientIdentity, filter: string): boolean {
    return !this.denySubscribe.has(filter);
  }
  publish(message: Message): void {
    this.actions.push({ kind: 'route', message });
  }
  subscribe(_session: Session, filter: string, options: SubscriptionOptions, isNew: boolean): void {
    this.actions.push({ kind: 'subscribe', filter, options, isNew });
  }
  unsubscribe(_session: Session, filter: string): void {
    this.actions.push({ kind: 'unsubscribe', filter });
  }
  disconnected(session: Session | undefined, reason: CloseReason): void {
    this.actions.push({ kind: 'disconnected', session, reason });
  }
}
