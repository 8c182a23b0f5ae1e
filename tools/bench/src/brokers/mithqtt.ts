import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawnTracked } from './child-process';
import { singleProcessBroker } from './single-process';
import { freePort } from '../sys/free-port';
import {
  BROKER_HOST,
  type BrokerLauncher,
  type BrokerSettings,
  cpuProfArgs,
  type RunningBroker,
} from './broker';

/** The embedded app built by `node tools/build/build-app.mjs embedded`, next to this bundle. */
const ENTRY = resolve(__dirname, '../../apps/embedded/main.js');

/** The commit the broker was built from, `+dirty` when libs/ or apps/ had local changes. */
function workspaceVersion(): string {
  const root = resolve(__dirname, '../../..');
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const dirty = git('status', '--porcelain', '--', 'libs', 'apps').length > 0;
    return `git ${git('rev-parse', '--short', 'HEAD')}${dirty ? '+dirty' : ''}`;
  } catch {
    return 'workspace';
  }
}

export const mithqtt: BrokerLauncher = {
  name: 'mithqtt',
  unavailable: () =>
    existsSync(ENTRY) ? undefined : `${ENTRY} missing (node tools/build/build-app.mjs embedded)`,
  version: workspaceVersion,
  async start(settings: BrokerSettings, label: string): Promise<RunningBroker> {
    const [port, httpPort] = [await freePort(), await freePort()];
    const spawned = spawnTracked(
      process.execPath,
      [...cpuProfArgs(settings, 'mithqtt', label), ENTRY],
      {
        env: {
          ...process.env,
          MQTT_HOST: BROKER_HOST,
          MQTT_PORT: String(port),
          HTTP_HOST: BROKER_HOST,
          HTTP_PORT: String(httpPort),
          LOG_LEVEL: 'warn',
          MQTT_MAX_INFLIGHT: String(settings.maxInflight),
          MQTT_MAX_QUEUED: String(settings.maxQueued),
        },
      },
    );
    return singleProcessBroker(spawned, port, settings, true);
  },
};
