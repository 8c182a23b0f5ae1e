import type { ChildProcess } from 'node:child_process';
import { exitStatus, spawnTracked, stopChild, waitForPort } from './child-process';
import { freePort } from '../sys/free-port';
import {
  BROKER_HOST,
  type BrokerSettings,
  cpuProfArgs,
  heapSnapshotter,
  type RunningBroker,
  START_TIMEOUT_MS,
  STOP_GRACE_MS,
} from './broker';

/**
 * Waits until a broker that is one spawned process accepts connections on `port`, and
 * describes it. `node` brokers can also be asked for heap snapshots (`--heap-snapshot`).
 */
export async function singleProcessBroker(
  spawned: { child: ChildProcess; output: () => string },
  port: number,
  settings: BrokerSettings,
  node: boolean,
): Promise<RunningBroker> {
  const { child, output } = spawned;
  await waitForPort(BROKER_HOST, port, child, START_TIMEOUT_MS, output);
  return {
    host: BROKER_HOST,
    port,
    pid: child.pid!,
    stop: () => stopChild(child, STOP_GRACE_MS),
    output,
    exited: () => exitStatus(child),
    ...(node ? heapSnapshotter(settings, child.pid!) : {}),
  };
}

/**
 * Starts this same bundle as a server process (`main.js --role <role> --host H --port P`) on a
 * free loopback port: how the Aedes broker and the bare `node-net` server run.
 */
export async function startBundleRole(
  role: string,
  name: string,
  settings: BrokerSettings,
  label: string,
): Promise<RunningBroker> {
  const port = await freePort();
  const args = ['--role', role, '--host', BROKER_HOST, '--port', String(port)];
  const script = process.argv[1]!;
  const spawned = spawnTracked(
    process.execPath,
    [...cpuProfArgs(settings, name, label), script, ...args],
    {},
  );
  return singleProcessBroker(spawned, port, settings, true);
}
