import { freePorts } from './free-port';
import { findBinary, type SpawnedServer, spawnServer } from './spawn-server';

export interface NatsCluster {
  /** Client URL of each server (clients may connect to any of them). */
  readonly urls: readonly string[];
  stop(): Promise<void>;
}

/** A throwaway cluster of `size` nats-servers routed to each other, on free loopback ports. */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const bin = findBinary('nats-server', [
    '/usr/sbin/nats-server',
    '/usr/bin/nats-server',
    '/usr/local/bin/nats-server',
  ]);
  const free = await freePorts(size * 2);
  const ports = Array.from({ length: size }, (_, i) => ({
    client: free[2 * i] as number,
    route: free[2 * i + 1] as number,
  }));
  const routes = ports.map((p) => `nats://127.0.0.1:${p.route}`).join(',');
  const servers: SpawnedServer[] = [];
  try {
    for (const [i, p] of ports.entries()) {
      servers.push(
        await spawnServer(
          bin,
          [
            '-a',
            '127.0.0.1',
            '-p',
            String(p.client),
            '--name',
            `n${i}`,
            '--cluster_name',
            'mithqtt-test',
            '--cluster',
            `nats://127.0.0.1:${p.route}`,
            '--routes',
            routes,
          ],
          p.client,
          /Server is ready/,
        ),
      );
    }
  } catch (e: unknown) {
    await Promise.all(servers.map((s) => s.stop()));
    throw e;
  }
  return {
    urls: ports.map((p) => `nats://127.0.0.1:${p.client}`),
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}
