import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

/** Thrown when a setting is invalid; the message names every bad setting and why. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { setting: string; problem: string }[]) {
    super(
      `invalid configuration:\n${problems.map((p) => `  - ${p.setting}: ${p.problem}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads a config schema (a class whose property names are the environment variable names,
 * decorated with class-validator rules and holding the defaults) from `env`, once, at start-up.
 * Unknown variables are ignored; a present but invalid one stops start-up.
 */
export function loadConfig<T extends object>(
  schema: new () => T,
  env: Record<string, string | undefined>,
): T {
  const defaults = new schema();
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const raw = env[key];
    plain[key] =
      raw === undefined || raw === ''
        ? (defaults as Record<string, unknown>)[key]
        : coerce(raw, (defaults as Record<string, unknown>)[key]);
  }
  const instance = plainToInstance(schema, plain);
  const errors = validateSync(instance, { forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(flatten(errors));
  return instance;
}

/** Environment strings become the type of the default (number/boolean), strictly. */
function coerce(raw: string, fallback: unknown): unknown {
  if (typeof fallback === 'number') {
    return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  }
  if (typeof fallback === 'boolean') {
    const v = raw.trim().toLowerCase();
    if (v === 'true' || v === '1' || v === 'yes') return true;
    if (v === 'false' || v === '0' || v === 'no') return false;
    return raw;
  }
  return raw;
}

function flatten(errors: ValidationError[]): { setting: string; problem: string }[] {
  return errors.map((e) => ({
    setting: e.property,
    problem: `${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(e.value)})`,
  }));
}
