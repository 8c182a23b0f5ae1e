import type { AuthPort, AuthenticationResult, Authorizer } from '../ports/auth.port';

/**
 * Accepts every client and every topic. The embedded default until the auth service (users,
 * ACLs) is configured; the start-up log says so.
 */
export class AllowAllAuth implements AuthPort, Authorizer {
  authenticate(): Promise<AuthenticationResult> {
    return Promise.resolve({ ok: true });
  }
  canPublish(): boolean {
    return true;
  }
  canSubscribe(): boolean {
    return true;
  }
}
