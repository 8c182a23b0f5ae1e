import { performance } from 'node:perf_hooks';

/** One line per step on stderr, with the elapsed time: readable in CI logs, no TTY needed. */
export class Progress {
  private readonly started = performance.now();
  private step = 0;

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
    process.stderr.write(`bench: ${what}\n`);
  }

  private line(text: string): void {
    const s = Math.floor((performance.now() - this.started) / 1000);
    const clock = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    process.stderr.write(`[${this.step}/${this.total} ${clock}] ${text}\n`);
  }
}
