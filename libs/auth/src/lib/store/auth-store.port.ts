import type { AclRule, AclRuleInput, User } from '../model';

/**
 * Users and ordered ACL rules. Adapters: MemoryAuthStore (tests), FileAuthStore (the embedded
 * default) and RedisAuthStore (libs/redis, shared by a cluster). Every adapter runs the
 * contract suite `describeAuthStoreContract` (libs/testing).
 *
 * Reads may be slow (a round trip): the broker reads users on CONNECT only and keeps the rules
 * in memory, re-reading them when `onChange` fires, so the publish path never waits for a store.
 */
export interface AuthStore {
  getUser(username: string): Promise<User | undefined>;
  /** Sorted by username. */
  listUsers(): Promise<User[]>;
  /** false (and nothing written) when the username exists. */
  createUser(user: User): Promise<boolean>;
  /** Replaces an existing user; false when there is none. */
  updateUser(user: User): Promise<boolean>;
  deleteUser(username: string): Promise<boolean>;

  /** In evaluation order (first match). */
  listRules(): Promise<AclRule[]>;
  getRule(id: string): Promise<AclRule | undefined>;
  /**
   * Inserts a rule at `position` (0 = first; default and past the end: last) and returns it
   * with the id the store gave it. Ids are never reused.
   */
  addRule(rule: AclRuleInput, position?: number): Promise<AclRule>;
  /** Replaces a rule's content in place (its position stays); false when the id is unknown. */
  updateRule(rule: AclRule): Promise<boolean>;
  deleteRule(id: string): Promise<boolean>;

  /** A number that changes on every write, this process's or (shared stores) another's. */
  version(): Promise<number>;
  /**
   * Calls `listener` after a write, or when the store notices another writer's change (file
   * changed on disk, Redis version moved). Returns the unsubscribe function.
   */
  onChange(listener: () => void): () => void;
  /** Stops watching; the store is not used afterwards. */
  close(): Promise<void>;
}

/** The listeners of `AuthStore.onChange`; a throwing listener does not stop the others. */
export class ChangeListeners {
  private readonly listeners = new Set<() => void>();

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // a listener's own bug must not undo or hide the write that happened
      }
    }
  }
}
