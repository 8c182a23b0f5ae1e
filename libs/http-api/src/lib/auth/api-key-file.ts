import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsISO8601,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { flatten } from '../http/validation';
import { API_SCOPES, type ApiScope } from './api-key';

/** One key as stored at rest: never the key itself, only its digest. */
export class StoredApiKey {
  @Matches(/^[0-9a-f]{12}$/, { message: 'id must be 12 hex digits' }) id!: string;
  @IsString() @MaxLength(200) name!: string;
  @IsIn(API_SCOPES) scope!: ApiScope;
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 hex digits' }) sha256!: string;
  @IsISO8601() createdAt!: string;
}

class KeyFileContent {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StoredApiKey)
  keys!: StoredApiKey[];
}

/** The key file exists but cannot be used; the message names the file and the field. */
export class ApiKeyFileError extends Error {
  constructor(path: string, problem: string) {
    super(`API key file ${path}: ${problem}`);
    this.name = 'ApiKeyFileError';
  }
}

/** Keys in `path`; a missing file is no keys (every API request is then refused). */
export async function readKeyFile(path: string): Promise<StoredApiKey[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ApiKeyFileError(path, (e as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e: unknown) {
    throw new ApiKeyFileError(path, `not JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ApiKeyFileError(path, 'expected an object { "keys": [...] }');
  }
  const content = plainToInstance(KeyFileContent, json);
  const errors = validateSync(content, { whitelist: true, forbidNonWhitelisted: true });
  const first = flatten(errors)[0];
  if (first) throw new ApiKeyFileError(path, `${first.field}: ${first.problem}`);
  const ids = new Set<string>();
  for (const [i, key] of content.keys.entries()) {
    if (ids.has(key.id)) throw new ApiKeyFileError(path, `keys.${i}.id: duplicate id ${key.id}`);
    ids.add(key.id);
  }
  return content.keys;
}

/**
 * Replaces the file atomically (write then rename: a broker reloading it never reads half a
 * file), readable by its owner only.
 */
export async function writeKeyFile(path: string, keys: readonly StoredApiKey[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}

/** Identity of the file's current version (a change means: read it again). */
export async function fileVersion(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
}
