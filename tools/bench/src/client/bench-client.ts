import { connect as netConnect, type Socket } from 'node:net';
import { encode, type Packet, PacketType, type QoS } from '@mithqtt/codec';
import {
  createFrameReader,
  type DecoderKind,
  type FrameReader,
  type FrameSink,
} from './frame-reader';

export interface ClientOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: string;
  readonly keepAlive: number;
  readonly decoder: DecoderKind;
  /** Source address on the loopback (127.0.0.x) to spread connections over more 4-tuples. */
  readonly localAddress?: string;
  readonly timeoutMs: number;
}

/** Receives the hot-path traffic of one client; `flush` runs once after each socket read. */
export interface TrafficHandler {
  publish(buf: Buffer, start: number, end: number, qos: number, packetId: number): void;
  /** PUBACK, PUBREC, PUBREL or PUBCOMP (`type` 4-7). */
  ack(type: number, packetId: number): void;
  flush(): void;
}

const NO_TRAFFIC: TrafficHandler = {
  publish: () => undefined,
  ack: () => undefined,
  flush: () => undefined,
};

/**
 * A minimal MQTT 3.1.1 client over a raw socket: CONNECT and SUBSCRIBE through the codec, then
 * hands PUBLISH and the acks to a TrafficHandler. Many of these share one process; there are no
 * timers per client (keepalive is set long enough to outlast a run).
 */
export class BenchClient implements FrameSink {
  readonly socket: Socket;
  handler: TrafficHandler = NO_TRAFFIC;
  private readonly reader: FrameReader;
  private waiter: ((packet: Packet) => void) | undefined;
  private failure: ((error: Error) => void) | undefined;
  private closedError: Error | undefined;

  private constructor(private readonly options: ClientOptions) {
    this.reader = createFrameReader(options.decoder, this);
    this.socket = netConnect({
      host: options.host,
      port: options.port,
      localAddress: options.localAddress,
      noDelay: true,
    });
    this.socket.on('data', (chunk: Buffer) => {
      this.reader.push(chunk);
      this.handler.flush();
    });
    this.socket.on('error', (e: Error) => this.fail(e));
    this.socket.on('close', () => this.fail(new Error(`${options.clientId}: connection closed`)));
  }

  /** Opens the socket, sends CONNECT (clean session) and waits for CONNACK 0. */
  static async connect(options: ClientOptions): Promise<BenchClient> {
    const client = new BenchClient(options);
    try {
      await client.request(
        encode(
          {
            type: PacketType.CONNECT,
            protocolName: 'MQTT',
            protocolVersion: 4,
            cleanStart: true,
            keepAlive: options.keepAlive,
            clientId: options.clientId,
          },
          4,
        ),
        (p) => {
          if (p.type !== PacketType.CONNACK) return false;
          if (p.reasonCode !== 0) throw new Error(`CONNACK return code ${p.reasonCode}`);
          return true;
        },
      );
    } catch (e: unknown) {
      client.destroy();
      throw e;
    }
    return client;
  }

  /** SUBSCRIBE one filter; resolves with the granted QoS (rejects on 0x80). */
  async subscribe(filter: string, qos: QoS): Promise<number> {
    let granted = -1;
    await this.request(
      encode(
        { type: PacketType.SUBSCRIBE, packetId: 1, subscriptions: [{ topicFilter: filter, qos }] },
        4,
      ),
      (p) => {
        if (p.type !== PacketType.SUBACK || p.packetId !== 1) return false;
        granted = p.reasonCodes[0] ?? 0x80;
        if (granted === 0x80) throw new Error(`subscription to ${filter} refused`);
        return true;
      },
    );
    return granted;
  }

  write(data: Buffer): boolean {
    return this.socket.write(data);
  }

  /** Sends DISCONNECT and closes; the socket is destroyed if it has not closed in time. */
  disconnect(): void {
    if (this.socket.destroyed) return;
    this.socket.end(encode({ type: PacketType.DISCONNECT }, 4));
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  destroy(): void {
    this.socket.destroy();
  }

  get closed(): Error | undefined {
    return this.closedError;
  }

  // --- FrameSink ------------------------------------------------------------------------

  publish(buf: Buffer, start: number, end: number, qos: number, packetId: number): void {
    this.handler.publish(buf, start, end, qos, packetId);
  }

  ack(type: number, packetId: number): void {
    this.handler.ack(type, packetId);
  }

  control(packet: Packet): void {
    this.waiter?.(packet);
  }

  // --- request/response ------------------------------------------------------------------

  /** Writes `frame` and waits for the packet that `accept` recognises (it may throw). */
  private request(frame: Buffer, accept: (p: Packet) => boolean): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error): void => {
        clearTimeout(timer);
        this.waiter = undefined;
        this.failure = undefined;
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(
        () =>
          done(new Error(`${this.options.clientId}: no answer in ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      this.failure = done;
      this.waiter = (p) => {
        try {
          if (accept(p)) done();
        } catch (e: unknown) {
          done(e instanceof Error ? e : new Error(String(e)));
        }
      };
      this.socket.write(frame);
    });
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    this.failure?.(error);
  }
}
