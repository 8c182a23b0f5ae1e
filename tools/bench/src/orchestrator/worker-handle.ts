import { type ChildProcess, fork } from 'node:child_process';
import { track } from '../brokers/child-process';
import type { WorkerCommand, WorkerReply } from '../worker/messages';

type ReplyOf<K extends WorkerReply['reply']> = Extract<WorkerReply, { reply: K }>;

/**
 * One load worker process (this bundle with `--role worker`), spoken to over IPC. Requests are
 * strictly one at a time; every wait has a deadline, and an exiting worker fails the request.
 */
export class WorkerHandle {
  private pending: ((message: WorkerReply | Error) => void) | undefined;
  private exitError: Error | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: WorkerReply) => this.pending?.(message));
    child.once('exit', (code, signal) => {
      this.exitError = new Error(`load worker exited (${code ?? signal})`);
      this.pending?.(this.exitError);
    });
  }

  static fork(): WorkerHandle {
    const child = fork(process.argv[1]!, ['--role', 'worker'], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    track(child);
    return new WorkerHandle(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  request<K extends WorkerReply['reply']>(
    command: WorkerCommand,
    expect: K,
    timeoutMs: number,
  ): Promise<ReplyOf<K>> {
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(
          new Error(`load worker: no '${expect}' reply to '${command.cmd}' in ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.pending = (message) => {
        clearTimeout(timer);
        this.pending = undefined;
        if (message instanceof Error) reject(message);
        else if (message.reply === 'error') reject(new Error(`load worker: ${message.message}`));
        else if (message.reply !== expect)
          reject(new Error(`load worker: '${message.reply}' instead of '${expect}'`));
        else resolve(message as ReplyOf<K>);
      };
      this.child.send(command);
    });
  }

  /** Asks the worker to close its sockets and exit; kills it if it has not within 2 s. */
  close(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (child.connected) child.send({ cmd: 'teardown' } satisfies WorkerCommand);
      else child.kill('SIGKILL');
    });
  }
}
