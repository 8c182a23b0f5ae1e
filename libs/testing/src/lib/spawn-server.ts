import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface SpawnedServer {
  readonly port: number;
  readonly process: ChildProcess;
  /** Output so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** First existing path among candidates, else the bare name (resolved through PATH). */
export function findBinary(name: string, candidates: string[]): string {
  return candidates.find((c) => existsSync(c)) ?? name;
}

/**
 * Starts a server process and resolves when its output contains `readyLine`, or rejects after
 * `timeoutMs` with the output it printed. Tests always stop what they start (and the child is
 * killed if the test process exits).
 */
export function spawnServer(
  command: string,
  args: string[],
  port: number,
  readyLine: RegExp,
  timeoutMs = 10_000,
): Promise<SpawnedServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let ready = false;
    const onExit = (): void => {
      child.kill('SIGKILL');
    };
    process.once('exit', onExit);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not become ready in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      if (!ready && readyLine.test(out)) {
        ready = true;
        clearTimeout(timer);
        resolve({
          port,
          process: child,
          output: () => out,
          stop: () =>
            new Promise<void>((done) => {
              process.off('exit', onExit);
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 3000).unref();
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${command}: ${e.message}`));
    });
    child.once('exit', (code) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`${command} exited with ${code}:\n${out}`));
      }
    });
  });
}
