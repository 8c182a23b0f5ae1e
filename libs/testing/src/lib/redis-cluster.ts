import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from './free-port';
import { findBinary, type SpawnedServer, spawnServer } from './spawn-server';

const run = promisify(execFile);

export interface RedisCluster {
  /** Seed nodes as `redis://127.0.0.1:port`, comma-separated (the broker's REDIS_URL form). */
  readonly url: string;
  readonly nodes: readonly { host: string; port: number }[];
  stop(): Promise<void>;
}

/**
 * A throwaway Redis Cluster: `masters` primaries with `replicas` replicas each, on free
 * loopback ports, no persistence; resolves once `cluster_state:ok` with every slot served.
 */
export async function startRedisCluster(masters = 3, replicas = 1): Promise<RedisCluster> {
  const bin = findBinary('redis-server', ['/usr/bin/redis-server', '/usr/local/bin/redis-server']);
  const cli = findBinary('redis-cli', ['/usr/bin/redis-cli', '/usr/local/bin/redis-cli']);
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
  const servers: SpawnedServer[] = [];
  try {
    for (const port of await freePorts(masters * (1 + replicas))) {
      servers.push(
        await spawnServer(
          bin,
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--save',
            '',
            '--appendonly',
            'no',
            '--cluster-enabled',
            'yes',
            '--dir',
            dir,
            '--cluster-config-file',
            join(dir, `nodes-${port}.conf`),
            '--cluster-node-timeout',
            '2000',
          ],
          port,
          /Ready to accept connections/,
        ),
      );
    }
    const addresses = servers.map((s) => `127.0.0.1:${s.port}`);
    await run(cli, [
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(
        `redis-cli --cluster create failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`,
      );
    });
    await waitForClusterOk(
      cli,
      servers.map((s) => s.port),
    );
  } catch (e: unknown) {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: servers.map((s) => `redis://127.0.0.1:${s.port}`).join(','),
    nodes: servers.map((s) => ({ host: '127.0.0.1', port: s.port })),
    async stop() {
      await Promise.all(servers.map((s) => s.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every node must report the cluster healthy (slot assignment propagates by gossip). */
async function waitForClusterOk(cli: string, ports: number[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(
      ports.map((p) =>
        run(cli, ['-p', String(p), 'cluster', 'info']).then(
          (r) => r.stdout,
          () => '',
        ),
      ),
    );
    if (states.every((s) => s.includes('cluster_state:ok'))) return;
    if (Date.now() > deadline) throw new Error(`redis cluster not ok:\n${states.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
