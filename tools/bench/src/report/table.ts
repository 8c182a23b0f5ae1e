import type { BrokerName } from '../brokers/broker';
import type { Metrics, StepResult } from '../orchestrator/results';

/** One number per broker for a scenario, and which direction is better. */
interface Row {
  readonly label: string;
  readonly higherIsBetter: boolean;
  readonly format: (v: number) => string;
  readonly pick: (m: Metrics) => number | undefined;
}

const rate = (v: number): string => Math.round(v).toLocaleString('en-US');
const ms = (v: number): string => v.toFixed(v < 10 ? 3 : 1);
const bytes = (v: number): string => Math.round(v).toLocaleString('en-US');

function rowsFor(scenario: string, sample: Metrics | undefined): Row[] {
  switch (sample?.kind) {
    case 'throughput':
      return [
        {
          label: `${scenario} (msg/s received)`,
          higherIsBetter: true,
          format: rate,
          pick: (m) => (m.kind === 'throughput' ? m.receivedRate : undefined),
        },
      ];
    case 'latency':
      return (['p50', 'p99', 'p999'] as const).map((p) => ({
        label: `${scenario} ${p === 'p999' ? 'p99.9' : p} (ms)`,
        higherIsBetter: false,
        format: ms,
        pick: (m: Metrics) => (m.kind === 'latency' ? m.latency[p] : undefined),
      }));
    case 'idle': {
      const size =
        sample.attempted < sample.requested
          ? ` [${sample.attempted.toLocaleString('en-US')} conns]`
          : '';
      return [
        {
          label: `${scenario}${size} connect (conn/s)`,
          higherIsBetter: true,
          format: rate,
          pick: (m) => (m.kind === 'idle' ? m.connectRate : undefined),
        },
        {
          label: `${scenario}${size} memory (bytes/conn)`,
          higherIsBetter: false,
          format: bytes,
          pick: (m) => (m.kind === 'idle' ? m.bytesPerConnection : undefined),
        },
      ];
    }
    case undefined:
      return [{ label: scenario, higherIsBetter: true, format: rate, pick: () => undefined }];
  }
}

/**
 * The comparison table. Ratios are "how many times better mithqtt is" (each of our
 * deployments that ran, against each other broker): mithqtt/other for
 * rates, other/mithqtt for latencies and memory, so > 1 always favours mithqtt. With
 * `--repeat`, every cell is the median over the rounds. A cell where some run lost or
 * duplicated messages is marked with `!` (at QoS 0 loss is allowed, not at QoS 1).
 */
export function comparisonTable(
  results: readonly StepResult[],
  brokers: readonly BrokerName[],
): string {
  return table(results, brokers, (values, spec) => spec.format(median(values)), true);
}

/** Smallest and largest value over the rounds, for judging how noisy the medians are. */
export function spreadTable(
  results: readonly StepResult[],
  brokers: readonly BrokerName[],
): string {
  return table(
    results,
    brokers,
    (values, spec) => `${spec.format(Math.min(...values))} - ${spec.format(Math.max(...values))}`,
    false,
  );
}

function table(
  results: readonly StepResult[],
  brokers: readonly BrokerName[],
  cell: (values: number[], spec: Row) => string,
  withRatios: boolean,
): string {
  const scenarios = [...new Set(results.map((r) => r.scenario))];
  // Each of our deployments (embedded, cluster) against each other broker.
  const ours = brokers.filter((b) => b.startsWith('mithqtt'));
  const others = withRatios ? brokers.filter((b) => !b.startsWith('mithqtt')) : [];
  const pairs = ours.flatMap((mine) => others.map((other) => ({ mine, other })));
  const header = [
    'scenario',
    ...brokers,
    ...pairs.map(({ mine, other }) =>
      ours.length === 1 ? `ratio vs ${other}` : `${mine} vs ${other}`,
    ),
  ];
  const lines = [row(header), row(header.map((_, i) => (i === 0 ? '---' : '---:')))];
  for (const scenario of scenarios) {
    const runs = (b: BrokerName): StepResult[] =>
      results.filter((r) => r.scenario === scenario && r.broker === b);
    const sample = results.find((r) => r.scenario === scenario && r.metrics)?.metrics;
    for (const spec of rowsFor(scenario, sample)) {
      const values = (b: BrokerName): number[] =>
        runs(b).flatMap((r) => {
          const v = r.metrics ? spec.pick(r.metrics) : undefined;
          return v === undefined || Number.isNaN(v) ? [] : [v];
        });
      const cells = brokers.map((b) => {
        const rs = runs(b);
        if (rs.length === 0) return 'n/a';
        const vs = values(b);
        if (vs.length === 0) return rs.some((r) => r.error !== undefined) ? 'error' : 'n/a';
        const failed = rs.filter((r) => r.error !== undefined).length;
        return (
          cell(vs, spec) +
          (rs.some((r) => flagged(r.metrics)) ? ' !' : '') +
          (failed > 0 ? ` (${failed} failed)` : '')
        );
      });
      const ratios = pairs.map(({ mine: ourBroker, other }) => {
        const mine = values(ourBroker);
        const theirs = values(other);
        if (mine.length === 0 || theirs.length === 0) return 'n/a';
        const [m, t] = [median(mine), median(theirs)];
        if (!(m > 0) || !(t > 0)) return 'n/a';
        return `${(spec.higherIsBetter ? m / t : t / m).toFixed(2)}x`;
      });
      lines.push(row([spec.label, ...cells, ...ratios]));
    }
  }
  return lines.join('\n');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Loss, duplicates and CPU of every run: the evidence behind the comparison table. */
export function integrityTable(results: readonly StepResult[]): string {
  const header = [
    'scenario',
    'broker',
    '#',
    'sent/s',
    'recv/s',
    'sent',
    'owed',
    'unique',
    'lost',
    'dup',
    'ooo',
    'unacked',
    'drain ms',
    'broker CPU',
    'gen CPU',
    'other CPU',
  ];
  const lines = [row(header), row(header.map((_, i) => (i < 2 ? '---' : '---:')))];
  for (const r of results) {
    const m = r.metrics;
    if (m?.kind === 'throughput' || m?.kind === 'latency') {
      const i = m.integrity;
      lines.push(
        row([
          r.scenario,
          r.broker,
          String(r.round),
          rate(m.sentRate),
          m.kind === 'throughput' ? rate(m.receivedRate) : '',
          rate(i.sent),
          rate(i.expected),
          rate(i.unique),
          rate(i.lost),
          rate(i.duplicates),
          rate(i.outOfOrder),
          rate(i.unacked),
          rate(i.drainMs),
          `${Math.round(m.cpu.broker)}%`,
          `${Math.round(m.cpu.generator)}%`,
          `${Math.round(m.cpu.other)}%`,
        ]),
      );
    } else if (m?.kind === 'idle') {
      lines.push(
        row([
          r.scenario,
          r.broker,
          String(r.round),
          '',
          '',
          `${rate(m.connected)} conns`,
          `${rate(m.attempted)} tried`,
          '',
          `${rate(m.failed)} failed`,
          '',
          '',
          '',
          '',
          `RSS ${mib(m.rssBefore)} -> ${mib(m.rssAfter)}`,
          '',
          '',
        ]),
      );
    } else {
      lines.push(
        row([
          r.scenario,
          r.broker,
          String(r.round),
          `error: ${oneLine(r.error ?? 'no result')}`,
          ...Array<string>(12).fill(''),
        ]),
      );
    }
  }
  return lines.join('\n');
}

/** Notes that qualify a number (caps, failures) so they are not lost in the JSON. */
export function notes(results: readonly StepResult[]): string[] {
  // The same remark from several rounds is printed once, with its rounds.
  const rounds = new Map<string, number[]>();
  const add = (text: string, round: number): void => {
    rounds.set(text, [...(rounds.get(text) ?? []), round]);
  };
  for (const r of results) {
    const m = r.metrics;
    const who = `${r.scenario} ${r.broker}`;
    if (m?.kind === 'idle') {
      if (m.note !== undefined) add(`${who}: ${m.note}`, r.round);
      if (m.failed > 0) add(`${who}: connections failed (${m.firstError ?? '?'})`, r.round);
    }
    if ((m?.kind === 'throughput' || m?.kind === 'latency') && !m.integrity.complete) {
      add(`${who}: drain ended before every owed message arrived`, r.round);
    }
    if (r.remark !== undefined) add(`${who}: ${r.remark}; restarted for this step`, r.round);
    if (r.error !== undefined) {
      const lines = r.error.split('\n').filter((l) => l.trim().length > 0);
      add(`${who}: ${lines.slice(0, 8).join('\n    ')}`, r.round);
    }
  }
  const many = results.some((r) => r.round > 1);
  return [...rounds.entries()].map(([text, rs]) =>
    many ? `${text} (round${rs.length > 1 ? 's' : ''} ${rs.join(', ')})` : text,
  );
}

function flagged(m: Metrics | undefined): boolean {
  if (m?.kind !== 'throughput' && m?.kind !== 'latency') return false;
  return m.integrity.lost > 0 || m.integrity.duplicates > 0;
}

function mib(v: number): string {
  return `${(v / 1048576).toFixed(1)} MiB`;
}

function oneLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 120);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
