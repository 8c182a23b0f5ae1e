import { spawn } from 'node:child_process';
import { ARRIVAL_TIMEOUT_MS } from './inbox';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * A child process whose output is collected, awaited by pattern, and which is killed when the
 * test run ends if it is still alive (tests also stop what they start).
 */
export class Child {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  private listeners: (() => void)[] = [];
  private exit: Exit | undefined;
  private readonly proc;

  constructor(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
    this.proc = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (chunk: Buffer) => this.append('stdout', chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => this.append('stderr', chunk));
    const killOnExit = (): void => {
      this.proc.kill('SIGKILL');
    };
    process.once('exit', killOnExit);
    this.exited = new Promise((resolve) => {
      const done = (exit: Exit): void => {
        process.off('exit', killOnExit);
        this.exit = exit;
        this.notify();
        resolve(exit);
      };
      this.proc.once('close', (code, signal) => done({ code, signal }));
      this.proc.once('error', (e) => {
        this.stderr += `spawn error: ${e.message}\n`;
        done({ code: null, signal: null });
      });
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Both streams, for failure messages. */
  get output(): string {
    return `--- stdout\n${this.stdout}--- stderr\n${this.stderr}`;
  }

  /** Resolves with the first match of `pattern` in stdout + stderr, waiting for it to appear. */
  async waitFor(pattern: RegExp, timeoutMs = ARRIVAL_TIMEOUT_MS): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = (this.stdout + this.stderr).match(pattern);
      if (match) return match;
      const left = deadline - Date.now();
      if (this.exit || left <= 0) {
        const why = this.exit ? `exited (${JSON.stringify(this.exit)})` : `timed out`;
        throw new Error(`${pattern} not seen: process ${why}\n${this.output}`);
      }
      await this.change(left);
    }
  }

  /** Waits for the exit, failing after `timeoutMs`. */
  async waitForExit(timeoutMs = ARRIVAL_TIMEOUT_MS): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`still running after ${timeoutMs} ms\n${this.output}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.exit) this.proc.kill(signal);
  }

  /** Kills the process if it is still running and waits for it to be gone. */
  async stop(): Promise<void> {
    if (this.exit) return;
    this.proc.kill('SIGKILL');
    await this.exited;
  }

  private append(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this[stream] += chunk.toString();
    this.notify();
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l();
  }

  private change(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve();
      }, timeoutMs);
      const listener = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.listeners.push(listener);
    });
  }
}
