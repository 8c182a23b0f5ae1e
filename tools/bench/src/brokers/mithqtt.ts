import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { exitStatus, spawnTracked, stopChild, waitForPort } from './child-process';
import { freePort } from '../sys/free-port';
import {
  BROKER_HOST,
  type BrokerLauncher,
  type BrokerSettings,
  cpuProfArgs,
  type RunningBroker,
  START_TIMEOUT_MS,
  STOP_GRACE_MS,
} from './broker';

/** The embedded app built by `node tools/build/build-app.mjs embedded`, next to this bundle. */
const ENTRY = resolve(__dirname, '../../apps/embedded/main.js');

export const mithqtt: BrokerLauncher = {
  name: 'mithqtt',
  unavailable: () =>
    existsSync(ENTRY) ? undefined : `${ENTRY} missing (node tools/build/build-app.mjs embedded)`,
  version: () => 'workspace (dist/apps/embedded)',
  async start(settings: BrokerSettings, label: string): Promise<RunningBroker> {
    const [port, httpPort] = [await freePort(), await freePort()];
    const { child, output } = spawnTracked(
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
    await waitForPort(BROKER_HOST, port, child, START_TIMEOUT_MS, output);
    return {
      host: BROKER_HOST,
      port,
      pid: child.pid!,
      stop: () => stopChild(child, STOP_GRACE_MS),
      output,
      exited: () => exitStatus(child),
    };
  },
};
