import {
  type AclRule,
  type AclRuleInput,
  type AuthStore,
  AuthModelError,
  DEFAULT_SCRYPT,
  hashPassword,
  parseRuleInput,
  type ScryptParams,
  type User,
} from '@mithqtt/auth';
import { AdminError } from '../admin/admin.port';
import type { AclRuleBody, CreateAclRuleBody, CreateUserBody, UpdateUserBody } from '../dto/users';
import type { AclRuleView, UserView } from './views';

/** Nest token of the AuthStore behind the user and ACL endpoints. */
export const USERS_STORE = Symbol('USERS_STORE');

/**
 * Users and ACL rules over the broker's AuthStore (file embedded, Redis in a cluster). Writes
 * go to the store; every broker notices them through the store's change signal and drops its
 * cached decisions, and connections of a deleted or disabled user are closed there
 * (libs/server auth-revocation), so the API needs no fan-out of its own.
 */
export class UsersAdmin {
  constructor(
    private readonly store: AuthStore,
    private readonly scrypt: ScryptParams = DEFAULT_SCRYPT,
  ) {}

  async listUsers(): Promise<UserView[]> {
    return (await this.store.listUsers()).map(userView);
  }

  async getUser(username: string): Promise<UserView | undefined> {
    const user = await this.store.getUser(username);
    return user && userView(user);
  }

  async createUser(body: CreateUserBody): Promise<UserView> {
    const user: User = {
      username: body.username,
      passwordHash: await hashPassword(body.password, this.scrypt),
      disabled: body.disabled,
      createdAt: new Date().toISOString(),
    };
    if (!(await this.store.createUser(user))) {
      throw new AdminError('conflict', `user ${body.username} exists`, 'username');
    }
    return userView(user);
  }

  /** Undefined when there is no such user. */
  async updateUser(username: string, body: UpdateUserBody): Promise<UserView | undefined> {
    const current = await this.store.getUser(username);
    if (!current) return undefined;
    const next: User = {
      ...current,
      ...(body.password === undefined
        ? {}
        : { passwordHash: await hashPassword(body.password, this.scrypt) }),
      ...(body.disabled === undefined ? {} : { disabled: body.disabled }),
    };
    // A concurrent delete between the read and the write is reported as "not found".
    return (await this.store.updateUser(next)) ? userView(next) : undefined;
  }

  deleteUser(username: string): Promise<boolean> {
    return this.store.deleteUser(username);
  }

  async listRules(): Promise<AclRuleView[]> {
    return (await this.store.listRules()).map((rule, position) => ruleView(rule, position));
  }

  async getRule(id: string): Promise<AclRuleView | undefined> {
    const rules = await this.store.listRules();
    const position = rules.findIndex((r) => r.id === id);
    const rule = rules[position];
    return rule && ruleView(rule, position);
  }

  async addRule(body: CreateAclRuleBody): Promise<AclRuleView> {
    const rule = await this.store.addRule(checkRule(body), body.position);
    return (await this.getRule(rule.id)) ?? ruleView(rule, -1);
  }

  /** Replaces a rule's content in place; undefined when the id is unknown. */
  async updateRule(id: string, body: AclRuleBody): Promise<AclRuleView | undefined> {
    if (!(await this.store.updateRule({ id, ...checkRule(body) }))) return undefined;
    return this.getRule(id);
  }

  deleteRule(id: string): Promise<boolean> {
    return this.store.deleteRule(id);
  }
}

/**
 * The DTO checked the shape; the auth model checks what only it knows (a filter valid once
 * `%u`/`%c` are filled in). Its field names match the body's.
 */
function checkRule(body: AclRuleBody): AclRuleInput {
  try {
    return parseRuleInput({
      subject: { ...body.subject },
      action: body.action,
      effect: body.effect,
      filter: body.filter,
    });
  } catch (e) {
    if (e instanceof AuthModelError) throw new AdminError('invalid-request', e.message, e.field);
    throw e;
  }
}

function userView(user: User): UserView {
  return { username: user.username, disabled: user.disabled, createdAt: user.createdAt };
}

function ruleView(rule: AclRule, position: number): AclRuleView {
  return {
    id: rule.id,
    position,
    subject: { ...rule.subject },
    action: rule.action,
    effect: rule.effect,
    filter: rule.filter,
  };
}
