import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes as self-describing strings in the PHC string format:
 *
 *   $scrypt$ln=15,r=8,p=1$<salt, base64 no padding>$<hash, base64 no padding>
 *
 * `ln` is log2 of scrypt's cost N. Every parameter travels with the hash, so the defaults can
 * be raised later and old hashes still verify. scrypt runs on libuv's thread pool (async), so
 * hashing never blocks the event loop.
 */
export interface ScryptParams {
  /** log2(N); N = 2^15 needs 32 MiB per hash with r = 8 (128 * N * r bytes). */
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

/**
 * N = 2^15, r = 8, p = 3: one of OWASP's equivalent minimum scrypt settings (Password Storage
 * Cheat Sheet), 32 MiB per hash rather than the 128 MiB of N = 2^17, p = 1; about 0.2-0.3 s per
 * hash on this 2-core machine, on a thread-pool thread.
 */
export const DEFAULT_SCRYPT: ScryptParams = { ln: 15, r: 8, p: 3 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;
const FORMAT =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export async function hashPassword(
  password: string | Buffer,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, HASH_BYTES, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

/**
 * Whether `password` matches `encoded`, compared in constant time. A malformed hash verifies
 * nothing (false), it never throws: a corrupt record must not crash a CONNECT.
 */
export async function verifyPassword(password: string | Buffer, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.hash.length, parsed.params);
  return timingSafeEqual(actual, parsed.hash);
}

/** Parameters of an encoded hash (e.g. to re-hash users whose hash is weaker than the default). */
export function parseHash(
  encoded: string,
): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const m = FORMAT.exec(encoded);
  if (!m) return undefined;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 1 || params.ln > 22 || params.r < 1 || params.p < 1) return undefined;
  const salt = Buffer.from(m[4] as string, 'base64');
  const hash = Buffer.from(m[5] as string, 'base64');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { params, salt, hash };
}

let dummy: Promise<string> | undefined;

/**
 * Verifies against a hash of a random password with the default parameters, and answers
 * false: used when the username is unknown, so that an unknown user costs the same time as a
 * wrong password and response times do not reveal which usernames exist.
 */
export async function verifyAgainstDummy(password: string | Buffer): Promise<false> {
  dummy ??= hashPassword(randomBytes(16));
  await verifyPassword(password, await dummy);
  return false;
}

function derive(
  password: string | Buffer,
  salt: Buffer,
  length: number,
  params: ScryptParams,
): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Node's default maxmem (32 MiB) is exactly 128 * N * r at ln = 15, r = 8 and fails it.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
