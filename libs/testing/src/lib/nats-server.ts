import { freePort } from './free-port';
import { findBinary, type SpawnedServer, spawnServer } from './spawn-server';

/** A throwaway nats-server on a free loopback port (Debian installs it in /usr/sbin). */
export async function startNats(): Promise<SpawnedServer & { url: string }> {
  const port = await freePort();
  const bin = findBinary('nats-server', [
    '/usr/sbin/nats-server',
    '/usr/bin/nats-server',
    '/usr/local/bin/nats-server',
  ]);
  const server = await spawnServer(
    bin,
    ['-a', '127.0.0.1', '-p', String(port)],
    port,
    /Server is ready/,
  );
  return Object.assign(server, { url: `nats://127.0.0.1:${port}` });
}
