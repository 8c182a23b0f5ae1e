import { openSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * One line per step on stderr, with the elapsed time: readable in CI logs, no TTY needed.
 * `npm run bench` runs under Nx with `--output-style=static`, which holds a task's output back
 * until it ends; so when stderr is not a terminal but the process has one, the lines are also
 * written to /dev/tty to be seen while the run goes on.
 */
export class Progress {
  private readonly started = performance.now();
  private step = 0;
  private readonly tty = openTerminal();

  constructor(private readonly total: number) {}

  begin(what: string): void {
    this.step++;
    this.line(`${what} ...`);
  }

  /** Steps that will not run (e.g. their broker did not start). */
  skip(steps: number): void {
    this.step += steps;
  }

  end(what: string): void {
    this.line(what);
  }

  info(what: string): void {
    this.write(`bench: ${what}\n`);
  }

  private line(text: string): void {
    const s = Math.floor((performance.now() - this.started) / 1000);
    const clock = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    this.write(`[${this.step}/${this.total} ${clock}] ${text}\n`);
  }

  private write(line: string): void {
    process.stderr.write(line);
    if (this.tty !== undefined) {
      try {
        writeSync(this.tty, line);
      } catch {
        // The terminal went away; stderr still has the line.
      }
    }
  }
}

function openTerminal(): number | undefined {
  if (process.stderr.isTTY) return undefined;
  try {
    return openSync('/dev/tty', 'w');
  } catch {
    return undefined; // no controlling terminal (CI)
  }
}
