import { randomBytes } from 'node:crypto';
import { type Stats, unwatchFile, watchFile } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AuthModelError, parseRule, parseUser } from '../model';
import type { AuthDocument } from './auth-data';
import { DataBackedAuthStore } from './data-backed.store';

/** The auth file cannot be read or holds bad data; the message names the file and field. */
export class AuthFileError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`auth file ${path}: ${problem}`);
    this.name = 'AuthFileError';
  }
}

export interface FileAuthStoreOptions {
  /**
   * Poll the file's modification time this often and reload when another process (the
   * `npm run auth` CLI) changed it; 0 = load once. Polling, not fs.watch: the writer replaces
   * the file by rename, which inotify-based watching loses.
   */
  readonly watchIntervalMs?: number;
  /** Called when a reload after an outside change fails (the previous content stays in force). */
  readonly onReloadError?: (error: unknown) => void;
}

/**
 * Users and rules in one JSON file (the embedded default): read at start, rewritten whole after
 * each change, atomically (written to a temporary file in the same directory, flushed, then
 * renamed over the old one), with mode 0600 since it holds password hashes. A missing file is
 * an empty store; it is created at the first write.
 */
export class FileAuthStore extends DataBackedAuthStore {
  private written = '';
  private watching = false;

  private constructor(
    readonly path: string,
    private readonly options: FileAuthStoreOptions,
  ) {
    super();
  }

  static async open(path: string, options: FileAuthStoreOptions = {}): Promise<FileAuthStore> {
    const store = new FileAuthStore(path, options);
    await store.reload();
    if ((options.watchIntervalMs ?? 0) > 0) store.watch(options.watchIntervalMs ?? 0);
    return store;
  }

  override async close(): Promise<void> {
    if (this.watching) unwatchFile(this.path, this.onStat);
    this.watching = false;
    await super.close();
  }

  protected async persist(doc: AuthDocument): Promise<void> {
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const file = await open(tmp, 'wx', 0o600);
      try {
        await file.writeFile(text);
        await file.sync(); // on disk before the rename makes it the file
      } finally {
        await file.close();
      }
      await rename(tmp, this.path);
    } catch (e: unknown) {
      await rm(tmp, { force: true });
      throw new AuthFileError(this.path, `cannot write (${(e as Error).message})`);
    }
    this.written = text;
  }

  /** Reads the file (missing = empty); throws AuthFileError naming the bad field. */
  private async reload(): Promise<boolean> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new AuthFileError(this.path, `cannot read (${(e as Error).message})`);
    }
    if (text === this.written) return false; // our own last write
    this.data.load(parseDocument(this.path, text));
    this.written = text;
    return true;
  }

  private watch(intervalMs: number): void {
    this.watching = true;
    watchFile(this.path, { interval: intervalMs, persistent: false }, this.onStat);
  }

  private readonly onStat = (current: Stats, previous: Stats): void => {
    if (current.mtimeMs === previous.mtimeMs && current.size === previous.size) return;
    this.enqueue(async () => {
      if (await this.reload()) this.listeners.emit();
    }).catch((e: unknown) => this.options.onReloadError?.(e));
  };
}

function parseDocument(path: string, text: string): AuthDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e: unknown) {
    throw new AuthFileError(path, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null) throw new AuthFileError(path, 'must hold an object');
  const doc = raw as Record<string, unknown>;
  const users = listOf(path, doc, 'users').map((u, i) =>
    field(path, `users[${i}]`, () => parseUser(u)),
  );
  const rules = listOf(path, doc, 'rules').map((r, i) =>
    field(path, `rules[${i}]`, () => parseRule(r)),
  );
  const maxId = rules.reduce((m, r) => Math.max(m, Number(r.id) || 0), 0);
  const nextRuleId = Number.isSafeInteger(doc['nextRuleId']) ? (doc['nextRuleId'] as number) : 1;
  const version = Number.isSafeInteger(doc['version']) ? (doc['version'] as number) : 0;
  return { users, rules, nextRuleId: Math.max(nextRuleId, maxId + 1), version };
}

function listOf(path: string, doc: Record<string, unknown>, key: string): unknown[] {
  const value = doc[key] ?? [];
  if (!Array.isArray(value)) throw new AuthFileError(path, `${key}: must be an array`);
  return value;
}

function field<T>(path: string, where: string, parse: () => T): T {
  try {
    return parse();
  } catch (e: unknown) {
    if (e instanceof AuthModelError) throw new AuthFileError(path, `${where}.${e.message}`);
    throw e;
  }
}
