import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTracked } from './child-process';
import { singleProcessBroker } from './single-process';
import { freePort } from '../sys/free-port';
import {
  BROKER_HOST,
  type BrokerLauncher,
  type BrokerSettings,
  type RunningBroker,
} from './broker';

const BINARY = '/usr/sbin/mosquitto';

/** Debian's mosquitto with a generated config: loopback listener, anonymous, same limits. */
export const mosquitto: BrokerLauncher = {
  name: 'mosquitto',
  unavailable: () => (existsSync(BINARY) ? undefined : `${BINARY} not found`),
  version: () => {
    let text: string;
    try {
      text = execFileSync(BINARY, ['-h'], { encoding: 'utf8' });
    } catch (e: unknown) {
      // `mosquitto -h` prints its usage and exits with status 3.
      text = String((e as { stdout?: unknown }).stdout ?? '');
    }
    return /mosquitto version (\S+)/.exec(text)?.[1] ?? 'unknown';
  },
  async start(settings: BrokerSettings): Promise<RunningBroker> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'mithqtt-bench-mosquitto-'));
    const config = join(dir, 'mosquitto.conf');
    writeFileSync(
      config,
      [
        `listener ${port} ${BROKER_HOST}`,
        'allow_anonymous true',
        'persistence false',
        `max_inflight_messages ${settings.maxInflight}`,
        `max_queued_messages ${settings.maxQueued}`,
        'max_queued_bytes 0',
        'max_connections -1',
        'log_dest stderr',
        'log_type error',
        'log_type warning',
        '',
      ].join('\n'),
    );
    const spawned = spawnTracked(BINARY, ['-c', config], {});
    spawned.child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return singleProcessBroker(spawned, port, settings, false);
  },
};
