import { parseGrants } from '../acl/grants';
import { type AuthOutcome, type Credentials, refuse } from '../authenticator/outcome';
import { AuthModelError } from '../model';
import { JwtError, type JwtKey, verifyJwt } from './jwt-verify';

export interface JwtAuthOptions {
  readonly keys: readonly JwtKey[];
  readonly issuer?: string;
  readonly audience?: string;
  readonly leewaySeconds: number;
  /** The claim holding the username (e.g. `sub`). */
  readonly usernameClaim: string;
  /** The claim holding per-connection ACL grants (see parseGrants); undefined = none. */
  readonly aclClaim?: string;
  readonly now?: () => number;
}

/**
 * JWT mode: the token is the CONNECT password. The username claim names the user, and the
 * CONNECT username must equal it: the ACL's `%u` and user rules read the CONNECT username, so
 * a valid token for alice must not act under another name.
 */
export class JwtAuthenticator {
  constructor(private readonly options: JwtAuthOptions) {}

  check(c: Credentials): AuthOutcome {
    if (c.password === undefined) return refuse('bad-credentials', 'no token');
    let claims: Record<string, unknown>;
    try {
      claims = verifyJwt(c.password.toString('utf8'), {
        keys: this.options.keys,
        issuer: this.options.issuer,
        audience: this.options.audience,
        leewaySeconds: this.options.leewaySeconds,
        nowSeconds: Math.floor((this.options.now ?? Date.now)() / 1000),
      });
    } catch (e: unknown) {
      if (e instanceof JwtError) return refuse('bad-credentials', `token ${e.code}`);
      throw e;
    }
    const name = claims[this.options.usernameClaim];
    if (typeof name !== 'string' || name === '') {
      return refuse('bad-credentials', `token has no ${this.options.usernameClaim} claim`);
    }
    if (c.username !== name) {
      return refuse(
        'bad-credentials',
        `username differs from the ${this.options.usernameClaim} claim`,
      );
    }
    if (this.options.aclClaim === undefined) return { ok: true, grants: [] };
    try {
      return { ok: true, grants: parseGrants(claims[this.options.aclClaim]) };
    } catch (e: unknown) {
      if (e instanceof AuthModelError)
        return refuse('not-authorized', `bad ACL claim: ${e.message}`);
      throw e;
    }
  }
}
