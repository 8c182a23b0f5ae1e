import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { aedes } from '../brokers/aedes';
import type { BrokerLauncher } from '../brokers/broker';
import { killAllChildren } from '../brokers/child-process';
import { mithqtt } from '../brokers/mithqtt';
import {
  mithqttCluster,
  mithqttCluster1gw,
  mithqttClusterStrict,
} from '../brokers/mithqtt-cluster';
import { mosquitto } from '../brokers/mosquitto';
import { nodeNet } from '../brokers/node-net';
import { type BenchOptions, parseOptions, USAGE } from '../cli/options';
import { formatSummary, summarizeProfile } from '../report/cpu-profile';
import { diffHeap, formatHeapDiff } from '../report/heap-snapshot';
import { writeJson } from '../report/json';
import { Progress } from '../report/progress';
import { comparisonTable, integrityTable, notes, spreadTable } from '../report/table';
import { catalogue, type Scenario } from '../scenarios';
import { openFileLimits } from '../sys/proc';
import type { StepResult, Window } from './results';
import { runAll } from './run-all';

const LAUNCHERS: readonly BrokerLauncher[] = [
  mithqtt,
  aedes,
  mosquitto,
  mithqttCluster,
  mithqttCluster1gw,
  mithqttClusterStrict,
  nodeNet,
];

/** Parses the flags, runs the matrix, prints the tables; resolves with the exit code. */
export async function runOrchestrator(argv: readonly string[]): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(argv);
  } catch (e: unknown) {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.heapDiff) {
    const { before, after, connections } = options.heapDiff;
    process.stdout.write(formatHeapDiff(diffHeap(before, after, connections)));
    return 0;
  }
  if (options.summarize) {
    for (const file of options.summarize) printProfile(file, undefined);
    return 0;
  }
  const scenarios = selectScenarios(options);
  if (typeof scenarios === 'string') {
    process.stderr.write(`bench: ${scenarios}\n`);
    return 2;
  }

  const skipped: string[] = [];
  const launchers = LAUNCHERS.filter((l) => {
    if (!options.brokers.includes(l.name)) return false;
    const why = l.unavailable();
    if (why !== undefined) skipped.push(`skipping ${l.name}: ${why}`);
    return why === undefined;
  });
  for (const line of skipped) process.stderr.write(`bench: ${line}\n`);
  const idleOnly = launchers.filter((l) => l.idleOnly === true).map((l) => l.name);
  if (idleOnly.length > 0 && scenarios.some((s) => s.kind !== 'idle')) {
    process.stderr.write(
      `bench: ${idleOnly.join(', ')} runs idle scenarios only (--scenarios idle-<n>)\n`,
    );
    return 2;
  }
  if (launchers.length === 0) {
    process.stderr.write('bench: no broker to run\n');
    return 2;
  }

  // Whatever ends this process also ends every broker and worker it started.
  process.once('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  }

  const limits = openFileLimits();
  // Taken before the run: the workspace may change while it goes on.
  const versions = Object.fromEntries(launchers.map((l) => [l.name, l.version()]));
  const steps = scenarios.length * launchers.length * options.repeat;
  const tracker = new Progress(steps);
  tracker.info(
    `${steps} steps: ${scenarios.map((s) => s.name).join(', ')} x ${launchers.map((l) => l.name).join(', ')}; ` +
      `${options.durationMs / 1000} s measured after ${options.warmupMs / 1000} s warm-up; ` +
      `workers ${options.workers}, client ${options.client}, ulimit -n ${limits.soft} (hard ${limits.hard})`,
  );
  tracker.info(
    `versions: ${Object.entries(versions)
      .map(([name, v]) => `${name} ${v}`)
      .join(', ')}; node ${process.version}`,
  );
  const results = await runAll(scenarios, launchers, options, tracker);

  const brokerNames = launchers.map((l) => l.name);
  process.stdout.write(
    `\n${comparisonTable(results, brokerNames)}\n\n${integrityTable(results)}\n`,
  );
  if (options.repeat > 1) {
    process.stdout.write(
      `\nSpread over ${options.repeat} rounds (min - max):\n\n${spreadTable(results, brokerNames)}\n`,
    );
  }
  const remarks = notes(results);
  if (remarks.length > 0)
    process.stdout.write(`\nNotes:\n${remarks.map((n) => `- ${n}`).join('\n')}\n`);
  if (options.cpuProfDir !== undefined) printProfiles(options.cpuProfDir, results);
  for (const r of results) {
    if (r.metrics?.kind !== 'idle' || r.metrics.heap === undefined) continue;
    const round = results.some((x) => x.round > 1) ? ` #${r.round}` : '';
    process.stdout.write(`\n### ${r.broker} ${r.scenario}${round} heap\n\n`);
    process.stdout.write(formatHeapDiff(r.metrics.heap));
  }
  if (options.json !== undefined) {
    writeJson(options.json, options, versions, results);
    tracker.info(`raw results written to ${options.json}`);
  }
  return results.some((r) => r.error !== undefined) ? 1 : 0;
}

const TOP_FUNCTIONS = 15;

/** Each Node broker's profile, cut to the measurement window of each scenario. */
function printProfiles(dir: string, results: readonly StepResult[]): void {
  for (const r of results) {
    if (!r.metrics) continue;
    const file = join(dir, `${r.broker}-${r.profileLabel}.cpuprofile`);
    if (!existsSync(file)) continue;
    const round = results.some((x) => x.round > 1) ? ` #${r.round}` : '';
    process.stdout.write(`\n### ${r.broker} ${r.scenario}${round} (${file}, measurement window)\n`);
    printProfile(file, r.metrics.window);
  }
}

function printProfile(file: string, window: Window | undefined): void {
  if (!window) process.stdout.write(`\n### ${file}\n`);
  process.stdout.write(`\n${formatSummary(summarizeProfile(file, window), TOP_FUNCTIONS)}`);
}

function selectScenarios(options: BenchOptions): Scenario[] | string {
  const all = catalogue(options.idleConnections);
  if (options.scenarios === undefined) {
    return options.quick ? all.filter((s) => s.name !== 'latency-10k') : all;
  }
  const unknown = options.scenarios.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length > 0) {
    return `unknown scenario(s) ${unknown.join(', ')}; known: ${all.map((s) => s.name).join(', ')}`;
  }
  return all.filter((s) => options.scenarios!.includes(s.name));
}
