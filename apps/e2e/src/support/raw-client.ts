import { connect as tcpConnect, type Socket } from 'node:net';
import * as mqttPacket from 'mqtt-packet';
import type { IConnackPacket, IConnectPacket, Packet, PacketCmd } from 'mqtt-packet';
import { onTestFinished } from 'vitest';
import { ARRIVAL_TIMEOUT_MS, Inbox, QUIET_MS } from './inbox';
import { uniqueId } from './names';

export type PacketOf<C extends PacketCmd> = Extract<Packet, { cmd: C }>;

/** How long a connection may take to be closed by the broker once it has a reason to. */
export const CLOSE_TIMEOUT_MS = 3000;

/**
 * A bare TCP connection speaking hand-made MQTT: packets are encoded with mqtt-packet (an
 * independent codec, not the broker's) or written as raw bytes, and everything the broker sends
 * is decoded into an inbox. Nothing is automatic: no acks, no pings, no reconnects. This is how
 * the suite controls exactly what the broker sees.
 */
export class RawClient {
  readonly packets = new Inbox<Packet>('packet');
  readonly openedAt = Date.now();
  /** Resolves with the time (ms since epoch) the connection closed. */
  readonly closed: Promise<number>;
  closedAt: number | undefined;
  /** Errors from decoding the broker's bytes (must stay empty: the broker sends valid MQTT). */
  readonly decodeErrors: Error[] = [];
  private readonly parser: mqttPacket.Parser;

  private constructor(
    private readonly socket: Socket,
    private readonly protocolVersion: 3 | 4 | 5,
  ) {
    this.parser = mqttPacket.parser({ protocolVersion });
    this.parser.on('packet', (p: Packet) => this.packets.push(p));
    this.parser.on('error', (e: Error) => this.decodeErrors.push(e));
    socket.on('data', (chunk: Buffer) => this.parser.parse(chunk));
    socket.on('error', () => undefined); // a reset is one way of being closed; 'close' follows
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.closedAt = Date.now();
        resolve(this.closedAt);
      });
    });
  }

  /** Opens a TCP connection (no MQTT yet); it is destroyed when the test ends. */
  static async open(port: number, protocolVersion: 3 | 4 | 5 = 4): Promise<RawClient> {
    const socket = tcpConnect({ host: '127.0.0.1', port, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new RawClient(socket, protocolVersion);
    onTestFinished(() => client.destroy());
    return client;
  }

  /**
   * Opens a connection and completes the CONNECT/CONNACK handshake; fails unless accepted.
   * Defaults: a fresh client id, clean session, keepalive 0 (the broker never times it out).
   */
  static async connected(
    port: number,
    connect: Partial<IConnectPacket> = {},
  ): Promise<{ client: RawClient; connack: IConnackPacket }> {
    const version = connect.protocolVersion === 3 ? 3 : 4;
    const client = await RawClient.open(port, version);
    const connack = await client.handshake(connect);
    if (connack.returnCode !== 0) throw new Error(`CONNACK ${connack.returnCode}`);
    return { client, connack };
  }

  /** Sends CONNECT and waits for the CONNACK (whatever its code). */
  async handshake(connect: Partial<IConnectPacket> = {}): Promise<IConnackPacket> {
    const v3 = this.protocolVersion === 3;
    this.send({
      cmd: 'connect',
      protocolId: v3 ? 'MQIsdp' : 'MQTT',
      protocolVersion: this.protocolVersion,
      clientId: uniqueId('raw'),
      clean: true,
      keepalive: 0,
      ...connect,
    });
    return this.expect('connack');
  }

  send(packet: Packet): void {
    this.socket.write(mqttPacket.generate(packet, { protocolVersion: this.protocolVersion }));
  }

  sendBytes(bytes: Buffer | readonly number[]): void {
    this.socket.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
  }

  /** The next packet, which must be a `cmd`. */
  async expect<C extends PacketCmd>(cmd: C, timeoutMs = ARRIVAL_TIMEOUT_MS): Promise<PacketOf<C>> {
    // Fails as soon as the connection is closed with nothing left to read, not at the timeout.
    const closedEmpty = this.closed.then(
      () =>
        new Promise<never>((_, reject) => {
          if (this.packets.pending.length === 0) reject(new Error('connection closed'));
        }),
    );
    const packet = await Promise.race([this.packets.next(timeoutMs), closedEmpty]).catch(
      (e: unknown) => {
        throw new Error(`waiting for ${cmd}: ${(e as Error).message}`);
      },
    );
    if (packet.cmd !== cmd) {
      throw new Error(`expected ${cmd}, got ${packet.cmd}: ${describe(packet)}`);
    }
    return packet as PacketOf<C>;
  }

  /** Waits for the broker to close the connection; returns ms from `since` to the close. */
  async expectClosed(timeoutMs = CLOSE_TIMEOUT_MS, since = this.openedAt): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`connection still open after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      const at = await Promise.race([this.closed, timeout]);
      return at - since;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Proves the connection stays open for `ms`. */
  async expectOpen(ms = QUIET_MS): Promise<void> {
    const closedEarly = await Promise.race([
      this.closed.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), ms)),
    ]);
    if (closedEarly) throw new Error(`connection closed within ${ms} ms`);
  }

  /** Stops reading from the socket (a stalled consumer: the broker's writes back up). */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  get isClosed(): boolean {
    return this.closedAt !== undefined;
  }

  /** Closes our side of the TCP connection (FIN) without DISCONNECT, still reading. */
  end(): void {
    this.socket.end();
  }

  /** Drops the TCP connection without DISCONNECT (as a crashed client or lost network would). */
  destroy(): void {
    this.socket.destroy();
  }
}

function describe(packet: Packet): string {
  const { payload, ...rest } = packet as Packet & { payload?: Buffer | string };
  return JSON.stringify(payload === undefined ? rest : { ...rest, payload: String(payload) });
}
