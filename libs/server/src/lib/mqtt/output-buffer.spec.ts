import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { OutputBuffer } from './output-buffer';

/** Records what reaches the socket (the only socket method OutputBuffer uses is write). */
function recordingSocket(): { socket: Socket; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const socket = {
    destroyed: false,
    write: (data: Buffer) => {
      writes.push(Buffer.from(data));
      return true;
    },
  } as unknown as Socket;
  return { socket, writes };
}

const tick = () => new Promise((resolve) => process.nextTick(resolve));

describe('OutputBuffer', () => {
  it('batches the small writes of one tick into one socket write', async () => {
    const { socket, writes } = recordingSocket();
    const out = new OutputBuffer(socket, { flushed: () => undefined });
    out.write(Buffer.from('ab'));
    out.write(Buffer.from('cd'));
    expect(writes).toEqual([]);
    await tick();
    expect(writes.map(String)).toEqual(['abcd']);
  });

  it('while corked sends nothing, small and large writes alike, then everything in order', async () => {
    const { socket, writes } = recordingSocket();
    const out = new OutputBuffer(socket, { flushed: () => undefined });
    let release!: () => void;
    out.cork(new Promise<void>((resolve) => (release = resolve)));
    out.write(Buffer.from('suback'));
    const large = Buffer.alloc(10_000, 0x61);
    out.write(large); // above the copy limit: normally written by reference at once
    out.write(Buffer.alloc(5000, 0x62)); // forces the batch to grow while corked
    await tick();
    expect(writes).toEqual([]);
    release();
    await tick();
    expect(Buffer.concat(writes).toString()).toBe('suback' + 'a'.repeat(10_000) + 'b'.repeat(5000));
  });

  it('a rejected hold releases the output too', async () => {
    const { socket, writes } = recordingSocket();
    const out = new OutputBuffer(socket, { flushed: () => undefined });
    out.cork(Promise.reject(new Error('nats down')));
    out.write(Buffer.from('x'));
    await tick();
    await tick();
    expect(writes.map(String)).toEqual(['x']);
  });
});
