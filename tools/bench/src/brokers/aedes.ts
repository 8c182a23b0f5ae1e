import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BrokerLauncher } from './broker';
import { startBundleRole } from './single-process';

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
  start: (settings, label) => startBundleRole('aedes-server', 'aedes', settings, label),
};
