import type { Message } from '@mithqtt/protocol';
import { compareLogIds, LogIdGenerator } from '../durable/log-id';
import type { DurableLog, LoggedMessage, NodeCheckpoint } from '../ports/durable-log.port';

/** Node checkpoints of each shared set of logs (keyed by that set). */
const CHECKPOINTS = new WeakMap<Map<string, LoggedMessage[]>, Map<string, NodeCheckpoint>>();

/**
 * Durable logs in this process's memory, one per node, shared through `logs` by the brokers of
 * a test: the reference for the Redis log and the log of broker unit tests. Never trimmed.
 */
export class MemoryDurableLog implements DurableLog {
  private readonly ids: LogIdGenerator;

  constructor(
    private readonly node: string,
    private readonly logs: Map<string, LoggedMessage[]> = new Map(),
    now: () => number = Date.now,
  ) {
    this.ids = new LogIdGenerator(now);
  }

  append(message: Message): { readonly id: string; readonly stored: Promise<void> } {
    const id = this.ids.next();
    let log = this.logs.get(this.node);
    if (!log) {
      log = [];
      this.logs.set(this.node, log);
    }
    log.push({ id, message: { ...message, logId: id, node: this.node } });
    return { id, stored: Promise.resolve() };
  }

  origins(): Promise<string[]> {
    return Promise.resolve([...this.logs.keys()]);
  }

  saveCheckpoint(marks: ReadonlyMap<string, string>, at: number): Promise<void> {
    let all = CHECKPOINTS.get(this.logs);
    if (!all) {
      all = new Map();
      CHECKPOINTS.set(this.logs, all);
    }
    all.set(this.node, { at, marks: new Map(marks) });
    return Promise.resolve();
  }

  checkpointOf(node: string): Promise<NodeCheckpoint | undefined> {
    return Promise.resolve(CHECKPOINTS.get(this.logs)?.get(node));
  }

  read(node: string, after: string, count: number): Promise<LoggedMessage[]> {
    const log = this.logs.get(node) ?? [];
    return Promise.resolve(log.filter((e) => compareLogIds(e.id, after) > 0).slice(0, count));
  }
}
