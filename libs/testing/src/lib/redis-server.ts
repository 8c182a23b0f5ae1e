import { freePort } from './free-port';
import { findBinary, type SpawnedServer, spawnServer } from './spawn-server';

/** A throwaway redis-server on a free loopback port, no persistence. */
export async function startRedis(): Promise<SpawnedServer & { url: string }> {
  const port = await freePort();
  const bin = findBinary('redis-server', ['/usr/bin/redis-server', '/usr/local/bin/redis-server']);
  const server = await spawnServer(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    port,
    /Ready to accept connections/,
  );
  return Object.assign(server, { url: `redis://127.0.0.1:${port}` });
}
