import { createServer, type Socket } from 'node:net';

/** CONNACK: accepted, no session present. */
const CONNACK = Buffer.from([0x20, 0x02, 0x00, 0x00]);
const PINGRESP = Buffer.from([0xd0, 0x00]);

/** Bytes of an incomplete packet, on the few sockets that have one. */
const partial = new WeakMap<Socket, Buffer>();

/**
 * Entry of the `node-net` process (`main.js --role node-net-server --host H --port P`): not a
 * broker, the floor under any Node broker. A plain `net.createServer` whose sockets answer
 * CONNECT with CONNACK and SUBSCRIBE with a SUBACK granting what was asked, and keep nothing
 * else: one shared `data` listener, no per-socket object. Its idle-connection memory is what
 * Node itself costs per socket, measured exactly as the brokers are.
 */
export async function runNodeNetServer(host: string, port: number): Promise<void> {
  const server = createServer({ noDelay: true }, (socket) => {
    socket.on('data', onData);
    socket.on('error', onError);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  // Exit normally on SIGTERM so that --cpu-prof can write its profile.
  process.on('SIGTERM', () => process.exit(0));
}

function onError(this: Socket): void {
  this.destroy();
}

function onData(this: Socket, chunk: Buffer): void {
  const held = partial.get(this);
  let buf = held ? Buffer.concat([held, chunk]) : chunk;
  partial.delete(this);
  for (;;) {
    const frame = frameAt(buf);
    if (frame === undefined) break;
    answer(this, buf, frame.body, frame.end);
    buf = buf.subarray(frame.end);
  }
  if (buf.length > 0) partial.set(this, Buffer.from(buf));
}

/** The body offset and end of the packet at the start of `buf`, if it is complete. */
function frameAt(buf: Buffer): { body: number; end: number } | undefined {
  let remaining = 0;
  let multiplier = 1;
  for (let i = 1; i < 5 && i < buf.length; i++) {
    const b = buf[i] as number;
    remaining += (b & 0x7f) * multiplier;
    multiplier *= 128;
    if (b < 0x80) {
      const end = i + 1 + remaining;
      return end <= buf.length ? { body: i + 1, end } : undefined;
    }
  }
  return undefined;
}

function answer(socket: Socket, buf: Buffer, body: number, end: number): void {
  switch ((buf[0] as number) >> 4) {
    case 1: // CONNECT
      socket.write(CONNACK);
      return;
    case 8: {
      // SUBSCRIBE: packet id, then (filter, options) pairs; grant each requested QoS.
      const codes: number[] = [];
      let p = body + 2;
      while (p + 2 <= end) {
        p += 2 + buf.readUInt16BE(p);
        codes.push((buf[p] as number) & 0x03);
        p += 1;
      }
      socket.write(
        Buffer.from([
          0x90,
          2 + codes.length,
          buf[body] as number,
          buf[body + 1] as number,
          ...codes,
        ]),
      );
      return;
    }
    case 12: // PINGREQ
      socket.write(PINGRESP);
      return;
    case 14: // DISCONNECT
      socket.end();
      return;
  }
}
