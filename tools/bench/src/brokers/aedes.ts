import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exitStatus, spawnTracked, stopChild, waitForPort } from './child-process';
import { freePort } from '../sys/free-port';
import {
  BROKER_HOST,
  type BrokerLauncher,
  type BrokerSettings,
  cpuProfArgs,
  heapSnapshotter,
  type RunningBroker,
  START_TIMEOUT_MS,
  STOP_GRACE_MS,
} from './broker';

/** Aedes runs in its own process: this same bundle with `--role aedes-server` (aedes-server.ts). */
export const aedes: BrokerLauncher = {
  name: 'aedes',
  unavailable: () => {
    try {
      require.resolve('aedes');
      return undefined;
    } catch {
      return 'the aedes package is not installed';
    }
  },
  version: () => {
    const pkg = join(dirname(require.resolve('aedes')), 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  },
  async start(settings: BrokerSettings, label: string): Promise<RunningBroker> {
    const port = await freePort();
    const script = process.argv[1]!;
    const { child, output } = spawnTracked(
      process.execPath,
      [
        ...cpuProfArgs(settings, 'aedes', label),
        script,
        '--role',
        'aedes-server',
        '--host',
        BROKER_HOST,
        '--port',
        String(port),
      ],
      {},
    );
    await waitForPort(BROKER_HOST, port, child, START_TIMEOUT_MS, output);
    return {
      host: BROKER_HOST,
      port,
      pid: child.pid!,
      stop: () => stopChild(child, STOP_GRACE_MS),
      output,
      exited: () => exitStatus(child),
      ...heapSnapshotter(settings, child.pid!),
    };
  },
};
