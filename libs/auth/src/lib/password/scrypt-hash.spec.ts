import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  parseHash,
  verifyAgainstDummy,
  verifyPassword,
} from './scrypt-hash';

const FAST = { ln: 10, r: 8, p: 1 };

describe('scrypt password hashes', () => {
  it('encodes algorithm, parameters, salt and hash in one string', async () => {
    const h = await hashPassword('s3cret', FAST);
    expect(h).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(parseHash(h)?.params).toEqual(FAST);
    expect(h).not.toContain('s3cret');
  });

  it('verifies the right password only', async () => {
    const h = await hashPassword('s3cret', FAST);
    expect(await verifyPassword('s3cret', h)).toBe(true);
    expect(await verifyPassword(Buffer.from('s3cret'), h)).toBe(true);
    expect(await verifyPassword('s3cret!', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    expect(await hashPassword('x', FAST)).not.toBe(await hashPassword('x', FAST));
  });

  it('verifies hashes made with other parameters (they travel with the hash)', async () => {
    const old = await hashPassword('pw', { ln: 11, r: 4, p: 2 });
    expect(await verifyPassword('pw', old)).toBe(true);
  });

  it('a malformed hash verifies nothing and does not throw', async () => {
    for (const bad of [
      '',
      'plain',
      '$scrypt$ln=99,r=8,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAA',
      '$bcrypt$x',
    ]) {
      expect(await verifyPassword('pw', bad)).toBe(false);
    }
  });

  it('the default is OWASP-grade (N = 2^15, r = 8, p = 3) and the dummy check answers false', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ ln: 15, r: 8, p: 3 });
    expect(await verifyAgainstDummy('anything')).toBe(false);
  });
});
