import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiScope, generateApiKey, type StoredApiKey, writeKeyFile } from '@mithqtt/http-api';

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: unknown;
  /** The body as JSON-ish record (for `toMatchObject`). */
  readonly json: Record<string, unknown>;
}

/**
 * A key file in a fresh temporary directory, as `npm run api-key` writes it: the keys' digests
 * only. The whole keys are handed to the test.
 */
export class TestKeyFile {
  readonly path = join(mkdtempSync(join(tmpdir(), 'mithqtt-e2e-')), 'api-keys.json');
  private readonly stored: StoredApiKey[] = [];

  async add(scope: ApiScope, name = `e2e-${scope}`): Promise<string> {
    const key = generateApiKey();
    this.stored.push({
      id: key.id,
      name,
      scope,
      sha256: key.sha256,
      createdAt: new Date().toISOString(),
    });
    await writeKeyFile(this.path, this.stored);
    return key.key;
  }
}

/** One HTTP request to the broker's API (real HTTP through fetch). */
export async function call(
  httpPort: number,
  method: string,
  path: string,
  options: {
    key?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers['x-api-key'] = options.key;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`http://127.0.0.1:${httpPort}${path}`, { method, headers, body });
  const text = await res.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  return {
    status: res.status,
    headers: res.headers,
    body: parsed,
    json: (parsed ?? {}) as Record<string, unknown>,
  };
}
