import {
  type AclRuleInput,
  type AuthStore,
  AuthModelError,
  describeRule,
  hashPassword,
  parseRuleInput,
} from '@mithqtt/auth';

export interface CliIo {
  readonly store: AuthStore;
  /** Reads a password from the terminal (no echo) or stdin; never from the command line. */
  readonly readPassword: () => Promise<string>;
  readonly out: (line: string) => void;
  /** scrypt parameters; the default in production, cheaper ones in tests. */
  readonly hash?: (password: string) => Promise<string>;
}

/** A mistake in the command line; the message says what was expected. */
export class UsageError extends Error {}

export const USAGE = `usage: npm run auth -- <command>
  user add <username> [--disabled]     password read from stdin or prompted, never an argument
  user passwd <username>               set a new password (read the same way)
  user enable|disable <username>
  user remove <username>
  user list
  rule add <allow|deny> <publish|subscribe|all> <subject> <filter> [--position N]
                                       subject: user:<name> | client:<id> | anonymous | all
                                       filter: MQTT filter; %u = username, %c = client id
  rule remove <id>
  rule list                            in evaluation order (first match decides)
store: AUTH_STORE=file (AUTH_FILE, default .mithqtt/auth.json) or AUTH_STORE=redis (REDIS_URL)`;

/** Runs one command; returns the process exit code (0 done, 1 refused). */
export async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [area, verb, ...rest] = args;
  if (area === 'user') return userCommand(verb, rest, io);
  if (area === 'rule') return ruleCommand(verb, rest, io);
  throw new UsageError(`unknown command ${JSON.stringify(area ?? '')}`);
}

async function userCommand(verb: string | undefined, rest: string[], io: CliIo): Promise<number> {
  const { store, out } = io;
  if (verb === 'list') {
    for (const u of await store.listUsers()) {
      out(`${u.username}${u.disabled ? ' (disabled)' : ''} created ${u.createdAt}`);
    }
    return 0;
  }
  const [username, ...flags] = rest;
  if (username === undefined || username === '')
    throw new UsageError(`user ${verb ?? ''} needs a username`);
  if (flags.some((f) => f !== '--disabled') || (flags.length > 0 && verb !== 'add')) {
    throw new UsageError(
      `unexpected ${flags.join(' ')} (passwords are never taken from arguments)`,
    );
  }
  const existing = await store.getUser(username);
  switch (verb ?? '') {
    case 'add': {
      if (existing) return refused(out, `user ${username} exists (use user passwd)`);
      const passwordHash = await hashOf(io);
      const created = await store.createUser({
        username,
        passwordHash,
        disabled: flags.includes('--disabled'),
        createdAt: new Date().toISOString(),
      });
      return created
        ? done(out, `user ${username} added`)
        : refused(out, `user ${username} exists`);
    }
    case 'passwd':
      if (!existing) return refused(out, `no user ${username}`);
      await store.updateUser({ ...existing, passwordHash: await hashOf(io) });
      return done(out, `password of ${username} changed`);
    case 'enable':
    case 'disable':
      if (!existing) return refused(out, `no user ${username}`);
      await store.updateUser({ ...existing, disabled: verb === 'disable' });
      return done(out, `user ${username} ${verb}d`);
    case 'remove':
      return (await store.deleteUser(username))
        ? done(out, `user ${username} removed`)
        : refused(out, `no user ${username}`);
    default:
      throw new UsageError(`unknown user command ${JSON.stringify(verb ?? '')}`);
  }
}

async function ruleCommand(verb: string | undefined, rest: string[], io: CliIo): Promise<number> {
  const { store, out } = io;
  switch (verb ?? '') {
    case 'list':
      for (const rule of await store.listRules()) out(describeRule(rule));
      return 0;
    case 'add': {
      const { input, position } = parseRuleArgs(rest);
      return done(out, `added ${describeRule(await store.addRule(input, position))}`);
    }
    case 'remove': {
      const [id] = rest;
      if (id === undefined || rest.length !== 1)
        throw new UsageError('rule remove needs one rule id');
      return (await store.deleteRule(id))
        ? done(out, `rule #${id} removed`)
        : refused(out, `no rule #${id}`);
    }
    default:
      throw new UsageError(`unknown rule command ${JSON.stringify(verb ?? '')}`);
  }
}

function parseRuleArgs(rest: string[]): { input: AclRuleInput; position?: number } {
  const args = [...rest];
  let position: number | undefined;
  const at = args.indexOf('--position');
  if (at >= 0) {
    const value = args[at + 1] ?? '';
    if (!/^\d+$/.test(value)) throw new UsageError('--position needs a number (0 = first)');
    position = Number(value);
    args.splice(at, 2);
  }
  const [effect, action, subject, filter, ...extra] = args;
  if (filter === undefined || extra.length > 0) {
    throw new UsageError('rule add needs: <allow|deny> <publish|subscribe|all> <subject> <filter>');
  }
  try {
    return {
      input: parseRuleInput({ effect, action, subject: parseSubject(subject ?? ''), filter }),
      position,
    };
  } catch (e: unknown) {
    if (e instanceof AuthModelError) throw new UsageError(e.message);
    throw e;
  }
}

function parseSubject(text: string): unknown {
  if (text === 'anonymous' || text === 'all') return { type: text };
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon);
  const value = text.slice(colon + 1);
  if (colon > 0 && kind === 'user') return { type: 'user', username: value };
  if (colon > 0 && kind === 'client') return { type: 'client', clientId: value };
  throw new UsageError(
    `subject must be user:<name>, client:<id>, anonymous or all (got ${JSON.stringify(text)})`,
  );
}

async function hashOf(io: CliIo): Promise<string> {
  const password = await io.readPassword();
  if (password === '') throw new UsageError('empty password');
  return (io.hash ?? hashPassword)(password);
}

function done(out: (line: string) => void, line: string): number {
  out(line);
  return 0;
}

function refused(out: (line: string) => void, line: string): number {
  out(line);
  return 1;
}
