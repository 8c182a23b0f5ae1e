import {
  API_SCOPES,
  type ApiScope,
  generateApiKey,
  readKeyFile,
  type StoredApiKey,
  writeKeyFile,
} from '@mithqtt/http-api';
import { UsageError } from './commands';

export const KEY_USAGE = `       npm run api-key -- <command>      (HTTP admin API keys, HTTP_API_KEYS_FILE)
  add <read|admin> [--name NAME]       prints the new key ONCE; only its SHA-256 is stored
  list                                 ids, names, scopes (never keys)
  remove <id>                          the key stops working within a second`;

/**
 * `npm run api-key -- ...`: keys of the HTTP admin API in the file the broker watches
 * (HTTP_API_KEYS_FILE). A running broker picks up changes without a restart.
 */
export async function runKeyCommand(
  args: readonly string[],
  file: string,
  out: (line: string) => void,
): Promise<number> {
  const [verb, ...rest] = args;
  const keys = await readKeyFile(file);
  switch (verb ?? '') {
    case 'list':
      if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
      for (const k of keys)
        out(`${k.id} ${k.scope} ${JSON.stringify(k.name)} created ${k.createdAt}`);
      return 0;
    case 'add': {
      const [scope, ...flags] = rest;
      if (!API_SCOPES.includes(scope as ApiScope)) {
        throw new UsageError(`key add needs a scope: ${API_SCOPES.join(' or ')}`);
      }
      const name = nameFlag(flags) ?? `${scope}-key`;
      const key = generateApiKey();
      const stored: StoredApiKey = {
        id: key.id,
        name,
        scope: scope as ApiScope,
        sha256: key.sha256,
        createdAt: new Date().toISOString(),
      };
      await writeKeyFile(file, [...keys, stored]);
      out(key.key);
      out(`# key ${key.id} (${scope}) added to ${file}; it is not shown again`);
      return 0;
    }
    case 'remove': {
      const [id, ...extra] = rest;
      if (id === undefined || extra.length > 0) throw new UsageError('key remove needs one id');
      const left = keys.filter((k) => k.id !== id);
      if (left.length === keys.length) {
        out(`no key ${id}`);
        return 1;
      }
      await writeKeyFile(file, left);
      out(`key ${id} removed`);
      return 0;
    }
    default:
      throw new UsageError(`unknown key command ${JSON.stringify(verb ?? '')}`);
  }
}

function nameFlag(flags: readonly string[]): string | undefined {
  if (flags.length === 0) return undefined;
  const [flag, value, ...extra] = flags;
  if (flag !== '--name' || value === undefined || value === '' || extra.length > 0) {
    throw new UsageError(`unexpected ${flags.join(' ')} (expected --name NAME)`);
  }
  return value;
}
