import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { findBinary, type SpawnedServer, spawnServer } from './spawn-server';

/** A throwaway redis-server on a free loopback port, no persistence. */
export async function startRedis(): Promise<SpawnedServer & { url: string }> {
  const port = await freePort();
  const bin = findBinary('redis-server', ['/usr/bin/redis-server', '/usr/local/bin/redis-server']);
  const server = await spawnServer(
    bin,
    // Its own empty directory: redis-server loads a dump.rdb from its working directory even
    // with saving off, and a stray one would give the "throwaway" server old keys.
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      mkdtempSync(join(tmpdir(), 'redis-')),
    ],
    port,
    /Ready to accept connections/,
  );
  return Object.assign(server, { url: `redis://127.0.0.1:${port}` });
}
