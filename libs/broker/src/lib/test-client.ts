/** The test double of the gateway's Connection, shared by the broker's specs. */
import { type Packet, PacketType, type QoS, type Will } from '@mithqtt/codec';
import {
  Channel,
  type ChannelHost,
  type ConnectResult,
  type OutgoingPublish,
  type Session,
} from '@mithqtt/protocol';
import type { Broker } from './broker';

/** A host that forwards to the broker, like the gateway's Connection, and records writes. */
export class Client implements ChannelHost {
  readonly channel: Channel;
  readonly out: OutgoingPublish[] = [];
  readonly packets: Packet[] = [];
  closed: string | undefined;

  constructor(
    private readonly broker: Broker,
    private readonly now: () => number,
  ) {
    this.channel = new Channel(this, broker.options.channel, '127.0.0.1', now());
    broker.attach(this.channel);
  }

  async open(clientId: string, cleanSession = true, will?: Will): Promise<ConnectResult> {
    this.channel.onPacket(
      {
        type: PacketType.CONNECT,
        protocolName: 'MQTT',
        protocolVersion: 4,
        cleanStart: cleanSession,
        keepAlive: 0,
        clientId,
        will,
      },
      this.now(),
    );
    const result = await this.broker.connect(this.channel, {
      clientId,
      username: undefined,
      password: undefined,
      remoteAddress: '127.0.0.1',
      cleanSession,
      protocolVersion: 4,
    });
    this.channel.onConnectResult(result);
    return result;
  }

  sub(filter: string, qos: QoS): void {
    this.channel.onPacket(
      { type: PacketType.SUBSCRIBE, packetId: 1, subscriptions: [{ topicFilter: filter, qos }] },
      this.now(),
    );
  }

  pub(topic: string, payload: string, qos: QoS = 0, retain = false): void {
    this.channel.onPacket(
      {
        type: PacketType.PUBLISH,
        topic,
        payload: Buffer.from(payload),
        qos,
        retain,
        dup: false,
        packetId: qos ? 1 : undefined,
      },
      this.now(),
    );
  }

  received(): string[] {
    return this.out.map(
      (p) => `${p.message.topic}:${p.message.payload.toString()}:q${p.qos}${p.retain ? ':r' : ''}`,
    );
  }

  send(packet: Packet): void {
    this.packets.push(packet);
  }
  sendPublish(p: OutgoingPublish): void {
    this.out.push(p);
  }
  close(reason: string): void {
    this.closed = reason;
  }
  connect(): void {
    // driven by open() in these tests
  }
  authorizePublish(): boolean {
    return true;
  }
  authorizeSubscribe(): boolean {
    return true;
  }
  /** Publishes; with strict durability the promise is what the PUBACK would wait for. */
  lastPublish: Promise<void> | undefined;
  publish(message: Parameters<Broker['publish']>[0]): void {
    this.lastPublish = this.broker.publish(message);
    this.lastPublish?.catch(() => undefined);
  }
  subscribe(session: Session, filter: string, options: Parameters<Broker['subscribe']>[2]): void {
    void this.broker.subscribe(session, filter, options);
  }
  unsubscribe(session: Session, filter: string): void {
    this.broker.unsubscribe(session, filter);
  }
  disconnected(session: Session | undefined, reason: Parameters<Broker['disconnected']>[2]): void {
    this.broker.disconnected(this.channel, session, reason);
  }
}
