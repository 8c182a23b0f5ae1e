import type { AclRule, AclRuleInput, User } from '../model';
import { AuthData, type AuthDocument } from './auth-data';
import { type AuthStore, ChangeListeners } from './auth-store.port';

/**
 * An AuthStore over in-memory AuthData; subclasses decide where a change is persisted
 * (`persist`: nowhere for MemoryAuthStore, a file for FileAuthStore). Changes run one after
 * another in call order; a change whose persist fails is undone in memory and rethrown.
 */
export abstract class DataBackedAuthStore implements AuthStore {
  protected readonly data = new AuthData();
  protected readonly listeners = new ChangeListeners();
  /** The tail of the change queue (never rejects). */
  protected queue: Promise<unknown> = Promise.resolve();

  /** Saves the state after a change. */
  protected abstract persist(doc: AuthDocument): Promise<void>;

  getUser(username: string): Promise<User | undefined> {
    const user = this.data.getUser(username);
    return Promise.resolve(user && { ...user });
  }
  listUsers(): Promise<User[]> {
    return Promise.resolve(this.data.listUsers());
  }
  createUser(user: User): Promise<boolean> {
    return this.change(() => this.data.createUser(user));
  }
  updateUser(user: User): Promise<boolean> {
    return this.change(() => this.data.updateUser(user));
  }
  deleteUser(username: string): Promise<boolean> {
    return this.change(() => this.data.deleteUser(username));
  }
  listRules(): Promise<AclRule[]> {
    return Promise.resolve(this.data.listRules());
  }
  getRule(id: string): Promise<AclRule | undefined> {
    return Promise.resolve(this.data.getRule(id));
  }
  addRule(rule: AclRuleInput, position?: number): Promise<AclRule> {
    return this.change(() => this.data.addRule(rule, position));
  }
  updateRule(rule: AclRule): Promise<boolean> {
    return this.change(() => this.data.updateRule(rule));
  }
  deleteRule(id: string): Promise<boolean> {
    return this.change(() => this.data.deleteRule(id));
  }
  version(): Promise<number> {
    return Promise.resolve(this.data.version);
  }
  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }
  async close(): Promise<void> {
    await this.queue;
  }

  /** Runs `task` after every earlier change and reload. */
  protected enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private change<T>(apply: () => T): Promise<T> {
    return this.enqueue(async () => {
      const before = this.data.toDocument();
      const result = apply();
      if (this.data.version === before.version) return result; // nothing changed
      try {
        await this.persist(this.data.toDocument());
      } catch (e: unknown) {
        this.data.load(before);
        throw e;
      }
      this.listeners.emit();
      return result;
    });
  }
}
