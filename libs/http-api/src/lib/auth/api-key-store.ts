import { apiKeyId, keyMatches } from './api-key';
import { fileVersion, readKeyFile, type StoredApiKey } from './api-key-file';

export interface ApiKeyStoreOptions {
  /** Told when a changed file cannot be read; the previous keys stay in force. */
  readonly onReloadError?: (error: unknown) => void;
  /** Shortest time between two checks of the file (ms); default 1000. */
  readonly checkEveryMs?: number;
  readonly now?: () => number;
}

/**
 * The API keys in force, from the key file. The file is read at start-up (an unusable file
 * stops start-up) and read again when it changes, checked at most once a second on request:
 * a key created with `npm run api-key` works on a running broker without a restart, and a
 * revoked one stops working within a second.
 */
export class ApiKeyStore {
  private keys = new Map<string, StoredApiKey>();
  private version = '';
  private lastCheck = 0;
  private checking: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(
    readonly path: string,
    private readonly options: ApiKeyStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** First load: throws ApiKeyFileError if the file exists but is unusable. */
  async load(): Promise<number> {
    this.version = await fileVersion(this.path);
    this.keys = byId(await readKeyFile(this.path));
    this.lastCheck = this.now();
    return this.keys.size;
  }

  /** The stored entry of `key` if it is a valid key, else undefined. */
  async verify(key: string): Promise<StoredApiKey | undefined> {
    await this.refresh();
    const id = apiKeyId(key);
    const entry = id === undefined ? undefined : this.keys.get(id);
    return entry && keyMatches(key, entry.sha256) ? entry : undefined;
  }

  get size(): number {
    return this.keys.size;
  }

  private refresh(): Promise<void> {
    if (this.now() - this.lastCheck < (this.options.checkEveryMs ?? 1000)) return Promise.resolve();
    this.checking ??= this.reloadIfChanged().finally(() => {
      this.lastCheck = this.now();
      this.checking = undefined;
    });
    return this.checking;
  }

  private async reloadIfChanged(): Promise<void> {
    try {
      const version = await fileVersion(this.path);
      if (version === this.version) return;
      // Marked as seen before reading: a broken file is reported once, not every second.
      this.version = version;
      this.keys = byId(await readKeyFile(this.path));
    } catch (e: unknown) {
      this.options.onReloadError?.(e);
    }
  }
}

function byId(keys: StoredApiKey[]): Map<string, StoredApiKey> {
  return new Map(keys.map((k) => [k.id, k]));
}
