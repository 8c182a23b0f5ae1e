import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { BenchOptions } from '../cli/options';
import type { StepResult } from '../orchestrator/results';
import { openFileLimits } from '../sys/proc';

/** Raw results plus what is needed to compare two runs (machine, versions, options). */
export function writeJson(
  file: string,
  options: BenchOptions,
  versions: Readonly<Record<string, string>>,
  results: readonly StepResult[],
): void {
  const doc = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryBytes: totalmem(),
      node: process.version,
      openFiles: openFileLimits(),
    },
    brokers: versions,
    options,
    results,
  };
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}
