import {
  type AclRule,
  type AclRuleInput,
  type AuthStore,
  ChangeListeners,
  parseRule,
  parseUser,
  type User,
} from '@mithqtt/auth';
import type { Cluster, Redis } from 'ioredis';

type Client = Redis | Cluster;

// Every script bumps the version only when it changed something, and returns the version
// (0 = nothing changed) so the writer can tell its listeners without another round trip.
// KEYS: users, rules, order, version, next-rule-id (all in one hash slot).

const CREATE_USER = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
return redis.call('INCR', KEYS[4])`;

const UPDATE_USER = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return redis.call('INCR', KEYS[4])`;

const DELETE_USER = `
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
return redis.call('INCR', KEYS[4])`;

/** ARGV: rule JSON (no id), position (-1 = last). Returns {id, version}. */
const ADD_RULE = `
local id = tostring(redis.call('INCR', KEYS[5]))
redis.call('HSET', KEYS[2], id, ARGV[1])
local pos = tonumber(ARGV[2])
local len = redis.call('LLEN', KEYS[3])
if pos < 0 or pos >= len then
  redis.call('RPUSH', KEYS[3], id)
elseif pos == 0 then
  redis.call('LPUSH', KEYS[3], id)
else
  redis.call('LINSERT', KEYS[3], 'BEFORE', redis.call('LINDEX', KEYS[3], pos), id)
end
return {id, redis.call('INCR', KEYS[4])}`;

const UPDATE_RULE = `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return redis.call('INCR', KEYS[4])`;

const DELETE_RULE = `
if redis.call('HDEL', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('LREM', KEYS[3], 0, ARGV[1])
return redis.call('INCR', KEYS[4])`;

/** The rules in order, read atomically: {id1, json1, id2, json2, ...}. */
const LIST_RULES = `
local out = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
  out[#out + 1] = id
  out[#out + 1] = redis.call('HGET', KEYS[2], id)
end
return out`;

export interface RedisAuthStoreOptions {
  /**
   * How often the shared version counter is read to notice other nodes' (or the CLI's)
   * changes; 0 = never (the distributed mode may signal changes over NATS instead).
   */
  readonly pollMs?: number;
  readonly onError?: (context: string, error: unknown) => void;
}

/**
 * Users and ordered ACL rules in Redis, shared by every node of a cluster. Keys (one hash tag,
 * so one Redis Cluster slot and atomic scripts): `<prefix>:{auth}:users` (hash username ->
 * user JSON), `:rules` (hash id -> rule JSON), `:order` (list of rule ids), `:version`
 * (counter bumped by every change), `:next-rule-id` (counter; ids are never reused).
 */
export class RedisAuthStore implements AuthStore {
  private readonly keys: readonly [string, string, string, string, string];
  private readonly listeners = new ChangeListeners();
  private readonly timer: NodeJS.Timeout | undefined;
  private seen = -1;
  private polling = false;

  constructor(
    private readonly redis: Client,
    prefix: string,
    private readonly options: RedisAuthStoreOptions = {},
  ) {
    const base = `${prefix}:{auth}`;
    this.keys = [
      `${base}:users`,
      `${base}:rules`,
      `${base}:order`,
      `${base}:version`,
      `${base}:next-rule-id`,
    ];
    const pollMs = options.pollMs ?? 0;
    if (pollMs > 0) {
      this.timer = setInterval(() => void this.poll(), pollMs);
      this.timer.unref();
    }
  }

  async getUser(username: string): Promise<User | undefined> {
    const json = await this.redis.hget(this.keys[0], username);
    return json === null ? undefined : parseUser(JSON.parse(json));
  }

  async listUsers(): Promise<User[]> {
    const all = await this.redis.hvals(this.keys[0]);
    return all
      .map((json) => parseUser(JSON.parse(json)))
      .sort((a, b) => (a.username < b.username ? -1 : 1));
  }

  createUser(user: User): Promise<boolean> {
    return this.write(CREATE_USER, user.username, JSON.stringify(user));
  }

  updateUser(user: User): Promise<boolean> {
    return this.write(UPDATE_USER, user.username, JSON.stringify(user));
  }

  deleteUser(username: string): Promise<boolean> {
    return this.write(DELETE_USER, username);
  }

  async listRules(): Promise<AclRule[]> {
    const flat = (await this.redis.eval(LIST_RULES, 5, ...this.keys)) as (string | null)[];
    const rules: AclRule[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const json = flat[i + 1];
      if (json) rules.push(toRule(flat[i] as string, json));
    }
    return rules;
  }

  async getRule(id: string): Promise<AclRule | undefined> {
    const json = await this.redis.hget(this.keys[1], id);
    return json === null ? undefined : toRule(id, json);
  }

  async addRule(rule: AclRuleInput, position?: number): Promise<AclRule> {
    const [id, version] = (await this.redis.eval(
      ADD_RULE,
      5,
      ...this.keys,
      JSON.stringify(content(rule)),
      position === undefined ? -1 : Math.max(0, Math.floor(position)),
    )) as [string, number];
    this.changed(version);
    return { ...content(rule), id };
  }

  updateRule(rule: AclRule): Promise<boolean> {
    return this.write(UPDATE_RULE, rule.id, JSON.stringify(content(rule)));
  }

  deleteRule(id: string): Promise<boolean> {
    return this.write(DELETE_RULE, id);
  }

  async version(): Promise<number> {
    return Number((await this.redis.get(this.keys[3])) ?? 0);
  }

  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    return Promise.resolve();
  }

  private async write(script: string, ...args: string[]): Promise<boolean> {
    const version = (await this.redis.eval(script, 5, ...this.keys, ...args)) as number;
    if (version === 0) return false;
    this.changed(version);
    return true;
  }

  private changed(version: number): void {
    this.seen = version;
    this.listeners.emit();
  }

  /** Another writer moved the version: tell the listeners (they re-read). */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const version = await this.version();
      // The first poll always notifies (seen = -1): a change made between the listener's
      // first read and this poll would otherwise go unnoticed; one extra re-read is harmless.
      if (version !== this.seen) this.changed(version);
    } catch (e: unknown) {
      this.options.onError?.('auth.poll', e);
    } finally {
      this.polling = false;
    }
  }
}

/** The rule's own fields, in a fixed order (no id: the id is the hash field). */
function content(rule: AclRuleInput): AclRuleInput {
  return { subject: rule.subject, action: rule.action, effect: rule.effect, filter: rule.filter };
}

function toRule(id: string, json: string): AclRule {
  return parseRule({ ...(JSON.parse(json) as object), id });
}
