import { CLUSTER_MODE } from './broker';
import mqtt, {
  type IClientOptions,
  type IClientPublishOptions,
  type IConnackPacket,
  type MqttClient,
} from 'mqtt';
import type { QoS } from 'mqtt-packet';
import { onTestFinished } from 'vitest';
import { Inbox } from './inbox';
import { uniqueId } from './names';

export interface Received {
  readonly topic: string;
  readonly payload: Buffer;
  readonly text: string;
  readonly qos: QoS;
  readonly retain: boolean;
  readonly dup: boolean;
}

/**
 * A real MQTT client (MQTT.js) whose received messages land in an inbox from the moment the
 * socket opens (messages re-sent right after CONNACK are not missed). No automatic reconnect:
 * a close is something the tests observe.
 */
export class TestClient {
  readonly messages = new Inbox<Received>('message');
  /** Resolves when the connection closes, for whatever reason. */
  readonly closed: Promise<void>;

  constructor(
    readonly mqtt: MqttClient,
    readonly connack: IConnackPacket,
  ) {
    this.closed = new Promise((resolve) => mqtt.once('close', () => resolve()));
  }

  /** Subscribes and returns the granted QoS per filter (128 = refused). */
  async subscribe(filters: string | string[], qos: QoS = 0): Promise<number[]> {
    // Cluster mode: a message acknowledged by the other node just before may still be on its
    // way over NATS; subscribing now would get it twice (retained, then live). Tests assume
    // "published before the SUBSCRIBE" means before, so let it land.
    if (CLUSTER_MODE) await new Promise((resolve) => setTimeout(resolve, 50));
    const list = Array.isArray(filters) ? filters : [filters];
    const granted = await this.mqtt.subscribeAsync(
      Object.fromEntries(list.map((f) => [f, { qos }])),
    );
    return granted.map((g) => g.qos);
  }

  /** Publishes; for QoS 1/2 it resolves once the broker has acknowledged (PUBACK / PUBCOMP). */
  async publish(
    topic: string,
    payload: string | Buffer,
    options: IClientPublishOptions = {},
  ): Promise<void> {
    await this.mqtt.publishAsync(topic, payload, options);
  }

  /** Clean DISCONNECT, then wait for the close. */
  async disconnect(): Promise<void> {
    await this.mqtt.endAsync();
    // Cluster mode: the client's next step may go through the other node, which can reach
    // this node (over NATS) before this node has read the DISCONNECT the client just sent.
    if (CLUSTER_MODE) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The CONNACK return code a connect gets (0 = accepted; the client is then disconnected). */
export async function connackCode(port: number, options: IClientOptions): Promise<number> {
  try {
    const client = await connectClient(port, options);
    await client.disconnect();
    return 0;
  } catch (e: unknown) {
    return (e as { code?: number }).code ?? -1;
  }
}

/** Connects an MQTT.js client (3.1.1 by default) and fails unless the CONNACK accepts it. */
export async function connectClient(
  port: number,
  options: IClientOptions = {},
): Promise<TestClient> {
  // Cluster mode: a PUBACK from one node means the message is on its way to the others, not
  // there yet. A client resuming a persistent session is what tests then check, so let what
  // is in transit land first.
  if (CLUSTER_MODE && options.clean === false) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return open(port, options);
}

function open(port: number, options: IClientOptions): Promise<TestClient> {
  const client = mqtt.connect({
    host: '127.0.0.1',
    port,
    protocolVersion: 4,
    clientId: uniqueId('js'),
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...options,
  });
  onTestFinished(() => new Promise<void>((resolve) => client.end(true, {}, () => resolve())));
  const messages: Received[] = [];
  const early = (topic: string, payload: Buffer, packet: mqtt.IPublishPacket): void => {
    messages.push(toReceived(topic, payload, packet));
  };
  client.on('message', early);
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => {
      client.off('connect', onConnect);
      reject(e);
    };
    const onConnect = (connack: IConnackPacket): void => {
      client.off('error', onError);
      const test = new TestClient(client, connack);
      // Messages that arrived in the same tick as the CONNACK, then every later one.
      client.off('message', early);
      for (const m of messages) test.messages.push(m);
      client.on('message', (topic, payload, packet) =>
        test.messages.push(toReceived(topic, payload, packet)),
      );
      resolve(test);
    };
    client.once('connect', onConnect);
    client.once('error', onError);
  });
}

function toReceived(topic: string, payload: Buffer, packet: mqtt.IPublishPacket): Received {
  return {
    topic,
    payload,
    text: payload.toString(),
    qos: packet.qos,
    retain: packet.retain,
    dup: packet.dup,
  };
}
