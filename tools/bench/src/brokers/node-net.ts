import type { BrokerLauncher } from './broker';
import { startBundleRole } from './single-process';

/**
 * A bare Node `net` server that only answers CONNECT and SUBSCRIBE (node-net-server.ts): the
 * per-socket memory every Node broker pays before any MQTT state. Idle scenarios only.
 */
export const nodeNet: BrokerLauncher = {
  name: 'node-net',
  idleOnly: true,
  unavailable: () => undefined,
  version: () => `node ${process.version}`,
  start: (settings, label) => startBundleRole('node-net-server', 'node-net', settings, label),
};
