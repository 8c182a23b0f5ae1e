import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `read`: GET endpoints only. `admin`: everything (kick, delete, publish, subscribe). */
export const API_SCOPES = ['read', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/**
 * Key format: `mqk_<id>_<secret>`. The id (12 hex digits) is not secret: it finds the stored
 * entry and appears in logs and `api-key --list`. The secret is 32 random bytes (256 bits).
 */
const KEY_PATTERN = /^mqk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  readonly id: string;
  /** The whole key: shown to the operator once, never stored. */
  readonly key: string;
  /** What is stored (see `digestApiKey`). */
  readonly sha256: string;
}

export function generateApiKey(): NewApiKey {
  const id = randomBytes(6).toString('hex');
  const key = `mqk_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, key, sha256: digestApiKey(key) };
}

/** The key's id, or undefined when `key` is not shaped like a key at all. */
export function apiKeyId(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

/**
 * Keys are stored as a SHA-256 digest, not with a slow salted hash (scrypt, argon2) as
 * passwords are: a slow hash defends low-entropy secrets that can be guessed from a
 * dictionary, while these are 256 random bits, which no amount of hashing speed lets anyone
 * search. A fast digest also keeps every API request free of a deliberate ~50 ms CPU cost.
 */
export function digestApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented key with a stored digest. */
export function keyMatches(key: string, storedSha256: string): boolean {
  const presented = Buffer.from(digestApiKey(key), 'hex');
  const stored = Buffer.from(storedSha256, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
