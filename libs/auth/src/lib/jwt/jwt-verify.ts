import { createHmac, type KeyObject, timingSafeEqual, verify } from 'node:crypto';

export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256';
export const JWT_ALGORITHMS: readonly JwtAlgorithm[] = ['HS256', 'RS256', 'ES256'];

/** A verification key; `alg` is fixed by configuration, never taken from the token. */
export interface JwtKey {
  readonly alg: JwtAlgorithm;
  readonly kid?: string;
  readonly key: KeyObject;
}

export interface JwtCheck {
  readonly keys: readonly JwtKey[];
  /** Required `iss` (exact), if set. */
  readonly issuer?: string;
  /** Required `aud` (equal to, or contained in an array `aud`), if set. */
  readonly audience?: string;
  /** Clock skew tolerated on `exp` and `nbf`. */
  readonly leewaySeconds: number;
  /** Seconds since the epoch. */
  readonly nowSeconds: number;
}

export type JwtErrorCode =
  | 'MALFORMED'
  | 'ALGORITHM'
  | 'NO_KEY'
  | 'SIGNATURE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'ISSUER'
  | 'AUDIENCE';

/** Why a token was refused (the token itself is never part of the message). */
export class JwtError extends Error {
  constructor(readonly code: JwtErrorCode) {
    super(`JWT refused: ${code}`);
    this.name = 'JwtError';
  }
}

/**
 * Verifies a compact JWS (RFC 7515/7519) and returns its claims. Only HS256, RS256 and ES256
 * are accepted, and only with a key configured for that very algorithm: `alg: none` and the
 * RS256-to-HS256 confusion (a public key used as an HMAC secret) are refused by construction.
 * `exp` is required; `nbf`, `iss` and `aud` are checked when present or configured.
 */
export function verifyJwt(token: string, check: JwtCheck): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('MALFORMED');
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJson(h);
  const claims = decodeJson(p);
  const alg = header['alg'];
  if (typeof alg !== 'string' || !(JWT_ALGORITHMS as readonly string[]).includes(alg)) {
    throw new JwtError('ALGORITHM');
  }
  const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
  const candidates = check.keys.filter(
    (k) => k.alg === alg && (kid === undefined || k.kid === undefined || k.kid === kid),
  );
  if (candidates.length === 0) throw new JwtError('NO_KEY');
  const signed = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  if (!candidates.some((k) => signatureValid(k, signed, signature))) {
    throw new JwtError('SIGNATURE');
  }
  checkClaims(claims, check);
  return claims;
}

function signatureValid(k: JwtKey, signed: Buffer, signature: Buffer): boolean {
  switch (k.alg) {
    case 'HS256': {
      const expected = createHmac('sha256', k.key).update(signed).digest();
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    }
    case 'RS256':
      return verify('sha256', signed, k.key, signature);
    case 'ES256':
      // JWS carries ECDSA signatures as raw r || s (RFC 7518 3.4), not DER.
      return (
        signature.length === 64 &&
        verify('sha256', signed, { key: k.key, dsaEncoding: 'ieee-p1363' }, signature)
      );
  }
}

function checkClaims(claims: Record<string, unknown>, check: JwtCheck): void {
  const now = check.nowSeconds;
  const exp = claims['exp'];
  if (typeof exp !== 'number' || now > exp + check.leewaySeconds) throw new JwtError('EXPIRED');
  const nbf = claims['nbf'];
  if (nbf !== undefined && (typeof nbf !== 'number' || now < nbf - check.leewaySeconds)) {
    throw new JwtError('NOT_YET_VALID');
  }
  if (check.issuer !== undefined && claims['iss'] !== check.issuer) throw new JwtError('ISSUER');
  if (check.audience !== undefined) {
    const aud = claims['aud'];
    const ok = Array.isArray(aud) ? aud.includes(check.audience) : aud === check.audience;
    if (!ok) throw new JwtError('AUDIENCE');
  }
}

function decodeJson(part: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) throw new JwtError('MALFORMED');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('MALFORMED');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JwtError('MALFORMED');
  }
  return value as Record<string, unknown>;
}
