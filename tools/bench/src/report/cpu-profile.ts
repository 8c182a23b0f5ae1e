import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) that are read here. */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface CpuProfile {
  /** CLOCK_MONOTONIC, microseconds. */
  readonly startTime: number;
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface FunctionCost {
  readonly name: string;
  /** Percent of busy (non-idle) sampled time spent in the function itself. */
  readonly selfPct: number;
  /** Percent of busy sampled time with the function anywhere on the stack. */
  readonly totalPct: number;
}

export interface ProfileSummary {
  /** Share of the sampled time the thread was idle (waiting in the event loop). */
  readonly idlePct: number;
  readonly sampledMs: number;
  /** Highest self time first. */
  readonly functions: readonly FunctionCost[];
}

const IDLE = '(idle)';

/**
 * Self and inclusive time per function (name + source file), as a share of the time the
 * thread was busy, over the samples inside `window` (CLOCK_MONOTONIC µs) or all of them.
 */
export function summarizeProfile(
  file: string,
  window?: { fromUs: number; toUs: number },
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  let idle = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const leaf = byId.get(id);
    if (!leaf) return;
    const leafKey = key(leaf);
    if (leafKey === IDLE) {
      idle += dt;
      return;
    }
    all += dt;
    self.set(leafKey, (self.get(leafKey) ?? 0) + dt);
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      const k = key(n);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  });
  const functions = [...total.entries()]
    .map(([name, t]) => ({
      name,
      selfPct: ((self.get(name) ?? 0) / all) * 100,
      totalPct: (t / all) * 100,
    }))
    .sort((a, b) => b.selfPct - a.selfPct);
  return {
    idlePct: (idle / Math.max(1, idle + all)) * 100,
    sampledMs: (idle + all) / 1000,
    functions,
  };
}

/** The `count` functions with most self time, and the `count` with most inclusive time. */
export function formatSummary(summary: ProfileSummary, count: number): string {
  const selfTop = summary.functions.slice(0, count);
  const inclusiveTop = summary.functions
    .filter((f) => !/^\((root|program|garbage collector)\)/.test(f.name))
    .sort((a, b) => b.totalPct - a.totalPct)
    .slice(0, count);
  return (
    `${summary.sampledMs.toFixed(0)} ms sampled, idle ${summary.idlePct.toFixed(1)}%; ` +
    `percentages are of busy time\n\nby self time\n\n${formatCosts(selfTop)}\n\n` +
    `by inclusive time\n\n${formatCosts(inclusiveTop)}\n`
  );
}

function key(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName === '' ? '(anonymous)' : functionName;
  if (url === '') return name;
  const path = url.startsWith('file://') ? url.slice('file://'.length) : url;
  const source = bundledSource(path, lineNumber);
  return source
    ? `${name} ${source}`
    : `${name} ${relative(process.cwd(), path)}:${lineNumber + 1}`;
}

const bundleIndex = new Map<string, { line: number; source: string }[] | undefined>();

/**
 * For a file bundled by esbuild (the broker's dist/apps/.../main.js), the workspace source a line
 * came from: esbuild starts every module with a `// <path>` comment.
 */
function bundledSource(path: string, line: number): string | undefined {
  if (!path.includes('/dist/')) return undefined;
  if (!bundleIndex.has(path)) {
    let index: { line: number; source: string }[] | undefined;
    try {
      index = [];
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((text, i) => {
          const m = /^\/\/ ((?:apps|libs|tools)\/\S+\.ts)$/.exec(text);
          if (m) index!.push({ line: i, source: m[1]! });
        });
    } catch {
      index = undefined;
    }
    bundleIndex.set(path, index);
  }
  const index = bundleIndex.get(path);
  let found: string | undefined;
  for (const entry of index ?? []) {
    if (entry.line > line) break;
    found = entry.source;
  }
  return found;
}

function formatCosts(costs: readonly FunctionCost[]): string {
  const lines = ['| self % | total % | function |', '| ---: | ---: | --- |'];
  for (const c of costs)
    lines.push(`| ${c.selfPct.toFixed(1)} | ${c.totalPct.toFixed(1)} | ${c.name} |`);
  return lines.join('\n');
}
