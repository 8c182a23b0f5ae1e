import type { AclRule, AclRuleInput, User } from '../model';

/** The whole auth state as plain data: what FileAuthStore writes as JSON. */
export interface AuthDocument {
  readonly users: User[];
  readonly rules: AclRule[];
  /** The next rule id (ids are never reused). */
  readonly nextRuleId: number;
  readonly version: number;
}

/**
 * Users and ordered rules in memory, with the store semantics of the AuthStore port; the
 * memory and file stores share it (the file store persists after each change).
 */
export class AuthData {
  private users = new Map<string, User>();
  private rules: AclRule[] = [];
  private nextRuleId = 1;
  version = 0;

  getUser(username: string): User | undefined {
    return this.users.get(username);
  }

  listUsers(): User[] {
    return [...this.users.values()].sort((a, b) => (a.username < b.username ? -1 : 1));
  }

  createUser(user: User): boolean {
    if (this.users.has(user.username)) return false;
    this.users.set(user.username, { ...user });
    this.version++;
    return true;
  }

  updateUser(user: User): boolean {
    if (!this.users.has(user.username)) return false;
    this.users.set(user.username, { ...user });
    this.version++;
    return true;
  }

  deleteUser(username: string): boolean {
    if (!this.users.delete(username)) return false;
    this.version++;
    return true;
  }

  listRules(): AclRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  getRule(id: string): AclRule | undefined {
    const rule = this.rules.find((r) => r.id === id);
    return rule && { ...rule };
  }

  addRule(input: AclRuleInput, position?: number): AclRule {
    const rule: AclRule = { ...input, id: String(this.nextRuleId++) };
    const at = Math.max(0, Math.min(position ?? this.rules.length, this.rules.length));
    this.rules.splice(at, 0, rule);
    this.version++;
    return { ...rule };
  }

  updateRule(rule: AclRule): boolean {
    const at = this.rules.findIndex((r) => r.id === rule.id);
    if (at < 0) return false;
    this.rules[at] = { ...rule };
    this.version++;
    return true;
  }

  deleteRule(id: string): boolean {
    const at = this.rules.findIndex((r) => r.id === id);
    if (at < 0) return false;
    this.rules.splice(at, 1);
    this.version++;
    return true;
  }

  toDocument(): AuthDocument {
    return {
      users: this.listUsers(),
      rules: this.listRules(),
      nextRuleId: this.nextRuleId,
      version: this.version,
    };
  }

  /** Replaces everything (the document was already validated). */
  load(doc: AuthDocument): void {
    this.users = new Map(doc.users.map((u) => [u.username, u]));
    this.rules = [...doc.rules];
    this.nextRuleId = doc.nextRuleId;
    this.version = doc.version;
  }
}
