import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../sys/sleep';

/** Signal a node broker started with `heapSnapshotArgs` answers with a heap snapshot. */
const SIGNAL = 'SIGUSR2';
const POLL_MS = 250;
/** A snapshot of a broker holding 50k connections takes tens of seconds to write. */
const TIMEOUT_MS = 180_000;

/** Node flags that make the process write a heap snapshot into `dir` on SIGUSR2. */
export function heapSnapshotArgs(dir: string | undefined): string[] {
  return dir === undefined ? [] : [`--heapsnapshot-signal=${SIGNAL}`, `--diagnostic-dir=${dir}`];
}

/**
 * Asks process `pid` (started with `heapSnapshotArgs(dir)`) for a heap snapshot and resolves
 * with its path once the file is complete. Node names the file
 * `Heap.<date>.<time>.<pid>.<thread>.<seq>.heapsnapshot`; it is complete when its size stops
 * changing and it ends with the JSON's closing brace.
 */
export async function takeHeapSnapshot(pid: number, dir: string): Promise<string> {
  const mine = (): string[] =>
    readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot') && f.includes(`.${pid}.`));
  const known = new Set(mine());
  process.kill(pid, SIGNAL);
  const deadline = Date.now() + TIMEOUT_MS;
  let lastSize = -1;
  while (Date.now() < deadline) {
    await sleep(POLL_MS);
    const file = mine().find((f) => !known.has(f));
    if (file === undefined) continue;
    const path = join(dir, file);
    const size = statSync(path).size;
    if (size > 0 && size === lastSize && lastByte(path, size) === '}') return path;
    lastSize = size;
  }
  throw new Error(`no heap snapshot from process ${pid} in ${dir} after ${TIMEOUT_MS} ms`);
}

function lastByte(path: string, size: number): string {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b.toString('latin1');
  } finally {
    closeSync(fd);
  }
}
