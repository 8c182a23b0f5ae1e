import type { BrokerLauncher, BrokerSettings, RunningBroker } from '../brokers/broker';
import type { BenchOptions } from '../cli/options';
import type { Progress } from '../report/progress';
import type { Scenario } from '../scenarios';
import type { Metrics, StepResult } from './results';
import { runIdle } from './run-idle';
import { runLoad } from './run-load';

/**
 * Every scenario against every broker. With `--fresh scenario` the loop is scenario by scenario
 * (the brokers of one scenario run close together in time), each step on a newly started broker;
 * with `--fresh broker` each broker is started once and runs all scenarios. Whatever happens,
 * a started broker is stopped; a failing step is recorded and the run goes on.
 */
export async function runAll(
  scenarios: readonly Scenario[],
  launchers: readonly BrokerLauncher[],
  options: BenchOptions,
  progress: Progress,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const settings: BrokerSettings = {
    maxInflight: options.maxInflight,
    maxQueued: options.maxQueued,
    cpuProfDir: options.cpuProfDir,
    heapSnapshotDir: options.heapSnapshotDir,
  };
  let step = 0;
  const runStep = async (
    scenario: Scenario,
    launcher: BrokerLauncher,
    round: number,
    shared?: RunningBroker,
  ): Promise<StepResult> => {
    step++;
    const what = `${launcher.name} ${scenario.name}${options.repeat > 1 ? ` #${round}` : ''}`;
    const profileLabel = shared
      ? 'all'
      : options.repeat > 1
        ? `${scenario.name}-r${round}`
        : scenario.name;
    const base = { scenario: scenario.name, broker: launcher.name, round, profileLabel };
    progress.begin(what);
    let own: RunningBroker | undefined;
    let broker: RunningBroker | undefined;
    try {
      broker = shared ?? (own = await launcher.start(settings, profileLabel));
      const tag = `b${step}`;
      const metrics =
        scenario.kind === 'idle'
          ? await runIdle(scenario, broker, options, tag)
          : await runLoad(scenario, broker, options, tag);
      progress.end(`${what}: ${summary(metrics)}`);
      return { ...base, metrics };
    } catch (e: unknown) {
      let error = e instanceof Error ? e.message : String(e);
      const exit = broker?.exited();
      if (broker && exit !== undefined) {
        error = `broker died (${exit}) during the step: ${error}\n${broker.output().slice(-2000)}`;
      }
      progress.end(`${what}: FAILED ${error.split('\n')[0]}`);
      return { ...base, error };
    } finally {
      await own?.stop();
    }
  };

  const rounds = Array.from({ length: options.repeat }, (_, i) => i + 1);
  if (options.fresh === 'scenario') {
    for (const scenario of scenarios) {
      for (const round of rounds) {
        for (const launcher of launchers) results.push(await runStep(scenario, launcher, round));
      }
    }
    return results;
  }
  // Idle scenarios first, so their RSS baseline is a broker that has not run any load yet.
  const ordered = [
    ...scenarios.filter((s) => s.kind === 'idle'),
    ...scenarios.filter((s) => s.kind !== 'idle'),
  ];
  for (const launcher of launchers) {
    let broker: RunningBroker | undefined;
    try {
      broker = await launcher.start(settings, 'all');
    } catch (e: unknown) {
      const error = `start failed: ${e instanceof Error ? e.message : String(e)}`;
      for (const round of rounds) {
        for (const scenario of scenarios) {
          results.push({
            scenario: scenario.name,
            broker: launcher.name,
            round,
            profileLabel: 'all',
            error,
          });
        }
      }
      progress.info(`${launcher.name}: ${error.split('\n')[0]}`);
      step += scenarios.length * rounds.length;
      progress.skip(scenarios.length * rounds.length);
      continue;
    }
    try {
      for (const round of rounds) {
        for (const scenario of ordered) {
          let remark: string | undefined;
          if (broker.exited() !== undefined) {
            remark = deathNote(launcher.name, broker);
            progress.info(`${remark}; starting a new one`);
            broker = await launcher.start(settings, 'all');
          }
          let result = await runStep(scenario, launcher, round, broker);
          if (result.error !== undefined && broker.exited() !== undefined) {
            // It died during this step (or of the previous one's aftermath): once more, fresh.
            remark = deathNote(launcher.name, broker);
            progress.info(`${remark}; starting a new one and running ${scenario.name} again`);
            broker = await launcher.start(settings, 'all');
            step--;
            progress.skip(-1);
            result = await runStep(scenario, launcher, round, broker);
          }
          results.push(remark === undefined ? result : { ...result, remark });
        }
      }
    } finally {
      await broker.stop();
    }
  }
  return orderByScenario(results, scenarios);
}

/** "aedes died (exit code 1): RangeError: Maximum call stack size exceeded" */
function deathNote(name: string, broker: RunningBroker): string {
  const output = broker.output();
  const error = output.split('\n').find((l) => /^\w*Error\b|^Error:/.test(l.trim()));
  return `${name} died (${broker.exited() ?? '?'})${error ? `: ${error.trim()}` : ''}`;
}

function orderByScenario(results: StepResult[], scenarios: readonly Scenario[]): StepResult[] {
  const index = new Map(scenarios.map((s, i) => [s.name, i]));
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (index.get(a.r.scenario) ?? 0) - (index.get(b.r.scenario) ?? 0) || a.i - b.i)
    .map(({ r }) => r);
}

function summary(m: Metrics): string {
  const n = (v: number): string => Math.round(v).toLocaleString('en-US');
  switch (m.kind) {
    case 'throughput':
      return (
        `${n(m.receivedRate)} msg/s received, ${n(m.sentRate)} sent; lost ${n(m.integrity.lost)}, ` +
        `dup ${n(m.integrity.duplicates)}, ooo ${n(m.integrity.outOfOrder)}; ` +
        `CPU broker ${n(m.cpu.broker)}% gen ${n(m.cpu.generator)}% other ${n(m.cpu.other)}%`
      );
    case 'latency':
      return (
        `p50 ${m.latency.p50.toFixed(3)} p99 ${m.latency.p99.toFixed(3)} p99.9 ${m.latency.p999.toFixed(3)} ms ` +
        `at ${n(m.sentRate)} msg/s; lost ${n(m.integrity.lost)}, dup ${n(m.integrity.duplicates)}`
      );
    case 'idle':
      return (
        `${n(m.connected)}/${n(m.attempted)} connected at ${n(m.connectRate)} conn/s, ` +
        `${n(m.bytesPerConnection)} bytes/conn` +
        (m.note !== undefined ? ` (${m.note})` : '')
      );
  }
}
