import { connect, createServer, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';
import { Inbox } from './inbox';

export interface RecordingProxy {
  readonly port: number;
  /** The first chunk each client sent (its CONNECT), in connection order. */
  readonly firstChunks: Inbox<Buffer>;
}

/**
 * A TCP pass-through in front of the broker that records what each client opens with, to check
 * which protocol an external client (mosquitto_pub, paho) really spoke. Closed after the test.
 */
export async function recordingProxy(targetPort: number): Promise<RecordingProxy> {
  const firstChunks = new Inbox<Buffer>('connection');
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.once('close', () => sockets.delete(s));
    }
    client.once('data', (chunk: Buffer) => firstChunks.push(chunk));
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('proxy not bound');
  return { port: address.port, firstChunks };
}

/** True when `connect` is an MQTT 3.1 CONNECT: protocol name "MQIsdp", level 3 [MQTT 3.1 spec]. */
export function isMqtt31Connect(connect: Buffer): boolean {
  const name = Buffer.from([0x00, 0x06, ...Buffer.from('MQIsdp'), 0x03]);
  return connect[0] === 0x10 && connect.indexOf(name) >= 2 && connect.indexOf(name) <= 5;
}
