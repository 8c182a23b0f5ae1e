import {
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadJwksFile, loadKeyFile } from './jwt-keys';
import { type JwtAlgorithm, type JwtKey, verifyJwt } from './jwt-verify';

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const NOW = 1_800_000_000;

/** Signs like any JWT library would (HS256 / RS256 / ES256 in JWS raw form). */
function signJwt(alg: string, key: KeyObject | Buffer, claims: object, kid?: string): string {
  const input = `${b64({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })}.${b64(claims)}`;
  let sig: Buffer;
  if (alg === 'HS256') sig = createHmac('sha256', key).update(input).digest();
  else if (alg === 'RS256') sig = sign('sha256', Buffer.from(input), key);
  else if (alg === 'ES256')
    sig = sign('sha256', Buffer.from(input), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  else sig = Buffer.alloc(0);
  return `${input}.${sig.toString('base64url')}`;
}

const secret = Buffer.alloc(32, 7);
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const keys: Record<JwtAlgorithm, { sign: KeyObject | Buffer; verify: JwtKey }> = {
  HS256: { sign: secret, verify: { alg: 'HS256', key: createSecretKey(secret) } },
  RS256: { sign: rsa.privateKey, verify: { alg: 'RS256', key: rsa.publicKey } },
  ES256: { sign: ec.privateKey, verify: { alg: 'ES256', key: ec.publicKey } },
};
const check = (k: JwtKey[], extra: object = {}) => ({
  keys: k,
  leewaySeconds: 30,
  nowSeconds: NOW,
  ...extra,
});
const good = { sub: 'alice', exp: NOW + 60 };

describe('verifyJwt', () => {
  it.each(['HS256', 'RS256', 'ES256'] as const)(
    'accepts a valid %s token and returns its claims',
    (alg) => {
      const token = signJwt(alg, keys[alg].sign, good);
      expect(verifyJwt(token, check([keys[alg].verify]))).toMatchObject(good);
    },
  );

  it.each(['HS256', 'RS256', 'ES256'] as const)('refuses a tampered %s token', (alg) => {
    const token = signJwt(alg, keys[alg].sign, good);
    const [h, , s] = token.split('.');
    const forged = `${h}.${b64({ ...good, sub: 'root' })}.${s}`;
    expect(() => verifyJwt(forged, check([keys[alg].verify]))).toThrow(
      expect.objectContaining({ code: 'SIGNATURE' }) as Error,
    );
  });

  it('refuses alg none and algorithm confusion (RS256 public key used as an HS256 secret)', () => {
    const none = `${b64({ alg: 'none' })}.${b64(good)}.`;
    expect(() => verifyJwt(none, check([keys.RS256.verify]))).toThrow(
      expect.objectContaining({ code: 'ALGORITHM' }) as Error,
    );
    const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' });
    const confused = signJwt('HS256', Buffer.from(pem), good);
    expect(() => verifyJwt(confused, check([keys.RS256.verify]))).toThrow(
      expect.objectContaining({ code: 'NO_KEY' }) as Error,
    );
  });

  it.each([
    ['EXPIRED', { sub: 'a', exp: NOW - 31 }, {}],
    ['EXPIRED', { sub: 'a' }, {}], // exp is required
    ['NOT_YET_VALID', { ...good, nbf: NOW + 31 }, {}],
    ['ISSUER', { ...good, iss: 'other' }, { issuer: 'me' }],
    ['AUDIENCE', { ...good, aud: ['x', 'y'] }, { audience: 'mqtt' }],
  ])('refuses with %s', (code, claims, extra) => {
    const token = signJwt('HS256', secret, claims);
    expect(() => verifyJwt(token, check([keys.HS256.verify], extra))).toThrow(
      expect.objectContaining({ code }) as Error,
    );
  });

  it('honours leeway, iss and aud arrays when they match', () => {
    const token = signJwt('HS256', secret, {
      sub: 'a',
      exp: NOW - 29,
      nbf: NOW + 29,
      iss: 'me',
      aud: ['x', 'mqtt'],
    });
    expect(
      verifyJwt(token, check([keys.HS256.verify], { issuer: 'me', audience: 'mqtt' }))['sub'],
    ).toBe('a');
  });

  it('refuses garbage', () => {
    for (const t of ['', 'a.b', 'a.b.c.d', '!!.??.xx', `${b64([1])}.${b64(good)}.x`]) {
      expect(() => verifyJwt(t, check([keys.HS256.verify]))).toThrow(
        expect.objectContaining({ code: 'MALFORMED' }) as Error,
      );
    }
  });
});

describe('key files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-keys-'));
  it('loads a PEM public key, an HS256 secret file and a JWKS file', async () => {
    const pem = join(dir, 'rsa.pem');
    writeFileSync(pem, rsa.publicKey.export({ type: 'spki', format: 'pem' }));
    const rs = await loadKeyFile(pem, 'RS256');
    expect(verifyJwt(signJwt('RS256', rsa.privateKey, good), check([rs]))['sub']).toBe('alice');

    const sec = join(dir, 'secret');
    writeFileSync(sec, `${'k'.repeat(40)}\n`);
    const hs = await loadKeyFile(sec, 'HS256');
    expect(verifyJwt(signJwt('HS256', Buffer.from('k'.repeat(40)), good), check([hs]))['sub']).toBe(
      'alice',
    );

    const jwks = join(dir, 'jwks.json');
    writeFileSync(
      jwks,
      JSON.stringify({
        keys: [
          { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec1', use: 'sig' },
          { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'enc', use: 'enc' },
          { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' },
        ],
      }),
    );
    const set = await loadJwksFile(jwks);
    expect(set.map((k) => [k.alg, k.kid])).toEqual([['ES256', 'ec1']]);
    expect(verifyJwt(signJwt('ES256', ec.privateKey, good, 'ec1'), check(set))['sub']).toBe(
      'alice',
    );
    expect(() => verifyJwt(signJwt('ES256', ec.privateKey, good, 'other'), check(set))).toThrow(
      expect.objectContaining({ code: 'NO_KEY' }) as Error,
    );
  });

  it('names the file and the problem', async () => {
    const short = join(dir, 'short');
    writeFileSync(short, 'tooshort');
    await expect(loadKeyFile(short, 'HS256')).rejects.toThrow(/short.*32 bytes/);
    const pem = join(dir, 'ec.pem');
    writeFileSync(pem, ec.publicKey.export({ type: 'spki', format: 'pem' }));
    await expect(loadKeyFile(pem, 'RS256')).rejects.toThrow(/ec\.pem: RS256 needs an RSA key/);
    await expect(loadKeyFile(join(dir, 'missing'), 'RS256')).rejects.toThrow(
      /missing: cannot read/,
    );
  });
});
