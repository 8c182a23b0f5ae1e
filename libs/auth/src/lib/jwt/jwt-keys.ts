import { createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { JwtAlgorithm, JwtKey } from './jwt-verify';

/** A key file that cannot be used; the message names the file and what is wrong. */
export class JwtKeyError extends Error {
  constructor(path: string, problem: string) {
    super(`JWT key file ${path}: ${problem}`);
    this.name = 'JwtKeyError';
  }
}

/** RFC 7518 3.2: an HS256 key must be at least as long as the hash (32 bytes). */
const MIN_HMAC_BYTES = 32;

/**
 * One key for `alg`: for HS256 the file's bytes are the shared secret (a trailing newline is
 * dropped); for RS256 / ES256 a PEM public key (RSA, or EC on P-256).
 */
export async function loadKeyFile(path: string, alg: JwtAlgorithm): Promise<JwtKey> {
  const bytes = await read(path);
  if (alg === 'HS256') {
    const secret = Buffer.from(bytes.toString('latin1').replace(/\r?\n$/, ''), 'latin1');
    if (secret.length < MIN_HMAC_BYTES) {
      throw new JwtKeyError(path, `an HS256 secret needs at least ${MIN_HMAC_BYTES} bytes`);
    }
    return { alg, key: createSecretKey(secret) };
  }
  let key: KeyObject;
  try {
    key = createPublicKey(bytes);
  } catch (e: unknown) {
    throw new JwtKeyError(path, `not a PEM public key (${(e as Error).message})`);
  }
  assertKeyFits(path, key, alg);
  return { alg, key };
}

/**
 * The signing keys of a JWKS document (RFC 7517) saved to a file: RSA keys are RS256, EC P-256
 * keys ES256, `oct` keys HS256. Keys for other algorithms or uses are skipped; a file with no
 * usable key is an error.
 */
export async function loadJwksFile(path: string): Promise<JwtKey[]> {
  let doc: unknown;
  try {
    doc = JSON.parse((await read(path)).toString('utf8'));
  } catch (e: unknown) {
    if (e instanceof JwtKeyError) throw e;
    throw new JwtKeyError(path, `not valid JSON (${(e as Error).message})`);
  }
  const list = (doc as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new JwtKeyError(path, 'keys: must be an array');
  const keys: JwtKey[] = [];
  list.forEach((jwk: unknown, i) => {
    const key = jwkToKey(path, jwk as JsonWebKey & { kid?: unknown; alg?: unknown }, i);
    if (key) keys.push(key);
  });
  if (keys.length === 0) throw new JwtKeyError(path, 'no RS256, ES256 or HS256 signing key');
  return keys;
}

function jwkToKey(
  path: string,
  jwk: JsonWebKey & { kid?: unknown; alg?: unknown },
  i: number,
): JwtKey | undefined {
  if (typeof jwk !== 'object' || jwk === null)
    throw new JwtKeyError(path, `keys[${i}]: not an object`);
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
  const alg: JwtAlgorithm | undefined =
    jwk.kty === 'RSA'
      ? 'RS256'
      : jwk.kty === 'EC' && jwk.crv === 'P-256'
        ? 'ES256'
        : jwk.kty === 'oct'
          ? 'HS256'
          : undefined;
  if (alg === undefined || (jwk.alg !== undefined && jwk.alg !== alg)) return undefined;
  const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
  try {
    if (alg === 'HS256') {
      const secret = Buffer.from(String(jwk.k ?? ''), 'base64url');
      if (secret.length < MIN_HMAC_BYTES)
        throw new Error(`an HS256 key needs ${MIN_HMAC_BYTES} bytes`);
      return { alg, kid, key: createSecretKey(secret) };
    }
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    return { alg, kid, key };
  } catch (e: unknown) {
    throw new JwtKeyError(path, `keys[${i}]: ${(e as Error).message}`);
  }
}

function assertKeyFits(path: string, key: KeyObject, alg: JwtAlgorithm): void {
  const type = key.asymmetricKeyType;
  if (alg === 'RS256' && type !== 'rsa') throw new JwtKeyError(path, 'RS256 needs an RSA key');
  if (alg === 'ES256' && (type !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')) {
    throw new JwtKeyError(path, 'ES256 needs an EC key on P-256');
  }
}

async function read(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e: unknown) {
    throw new JwtKeyError(path, `cannot read (${(e as Error).message})`);
  }
}
