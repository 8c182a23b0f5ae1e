import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startNats } from './nats-server';
import { startRedis } from './redis-server';

function ping(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => {
      data += d.toString();
      if (data.includes('\r\n')) {
        socket.destroy();
        resolve(data);
      }
    });
    socket.on('error', reject);
    socket.write(command);
  });
}

describe('test harness servers', () => {
  it('starts redis-server on a free port and stops it', async () => {
    const redis = await startRedis();
    expect(redis.port).not.toBe(6379);
    expect(await ping(redis.port, 'PING\r\n')).toBe('+PONG\r\n');
    await redis.stop();
    expect(redis.process.exitCode !== null || redis.process.signalCode !== null).toBe(true);
  });

  it('starts nats-server on a free port and stops it', async () => {
    const nats = await startNats();
    expect(nats.port).not.toBe(4222);
    expect(await ping(nats.port, '')).toMatch(/^INFO /);
    await nats.stop();
  });
});
