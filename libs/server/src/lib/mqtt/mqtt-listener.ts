import { createServer, type Server, type Socket } from 'node:net';
import type { Broker } from '@mithqtt/broker';
import type { Logger } from 'pino';
import { Connection, type ConnectionOptions } from './connection';

export interface ListenerOptions extends ConnectionOptions {
  readonly host: string;
  readonly port: number;
}

/** Keepalive precision: a connection is closed at most this late (the check is O(connections)). */
const SWEEP_INTERVAL_MS = 250;

/**
 * A TCP listener for MQTT. One sweep timer serves every connection (instead of a timer per
 * connection, which costs memory at 50k connections).
 */
export class MqttListener {
  private server: Server | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly broker: Broker,
    private readonly options: ListenerOptions,
    private readonly log: Logger,
  ) {}

  /** Resolves with the bound port (useful with port 0). */
  async listen(): Promise<number> {
    const server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (e) => this.log.error({ err: e }, 'mqtt listener error'));
    this.sweepTimer = setInterval(() => this.broker.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    const address = server.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** Stop accepting, close every client (wills fire as for any non-DISCONNECT close), wait. */
  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    this.broker.closeAll('server-shutdown');
    for (const socket of this.sockets) socket.destroySoon();
    const deadline = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, 2000);
    await closed;
    clearTimeout(deadline);
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    // The connection removes the socket from `sockets` when it closes.
    new Connection(socket, this.broker, this.options, this.log, Date.now(), this.sockets);
  }
}
