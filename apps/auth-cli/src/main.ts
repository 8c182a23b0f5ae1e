import { resolve } from 'node:path';
import { type AuthStore, FileAuthStore } from '@mithqtt/auth';
import { BrokerConfig, ConfigError, loadConfig } from '@mithqtt/config';
import { RedisAuthStore } from '@mithqtt/redis';
import { Cluster, Redis } from 'ioredis';
import { runCommand, USAGE, UsageError } from './commands';
import { KEY_USAGE, runKeyCommand } from './key-commands';
import { readPassword } from './read-password';

/** `npm run auth -- ...`: manage users and ACL rules in the store the broker reads. */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length === 0 || args[0] === '--help' || args[0] === 'help') {
    process.stdout.write(`${USAGE}\n${KEY_USAGE}\n`);
    return args.length === 0 ? 2 : 0;
  }
  const config = loadConfig(BrokerConfig, process.env);
  if (args[0] === 'key') {
    return runKeyCommand(args.slice(1), resolve(config.HTTP_API_KEYS_FILE), (line) =>
      process.stdout.write(`${line}\n`),
    );
  }
  const { store, redis } = await openStore(config);
  try {
    return await runCommand(args, {
      store,
      readPassword,
      out: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    await store.close();
    redis?.disconnect();
  }
}

async function openStore(
  config: BrokerConfig,
): Promise<{ store: AuthStore; redis?: Redis | Cluster }> {
  if (config.AUTH_STORE !== 'redis')
    return { store: await FileAuthStore.open(resolve(config.AUTH_FILE)) };
  if (config.REDIS_URL === '') {
    throw new ConfigError([{ setting: 'AUTH_STORE', problem: 'redis needs REDIS_URL to be set' }]);
  }
  const urls = config.REDIS_URL.split(',');
  const redis = config.REDIS_CLUSTER
    ? new Cluster(
        urls.map((u) => ({ host: new URL(u).hostname, port: Number(new URL(u).port || 6379) })),
      )
    : new Redis(urls[0] ?? '', { maxRetriesPerRequest: 2 });
  return { store: new RedisAuthStore(redis, config.REDIS_KEY_PREFIX), redis };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`auth: ${e.message}\n${USAGE}\n${KEY_USAGE}\n`);
      process.exitCode = 2;
    } else if (e instanceof ConfigError) {
      process.stderr.write(`auth: ${e.message}\n`);
      process.exitCode = 78; // EX_CONFIG
    } else {
      process.stderr.write(`auth: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  },
);
