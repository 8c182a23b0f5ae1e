import { createHmac, randomBytes } from 'node:crypto';
import { parseGrants } from '../acl/grants';
import { Lru } from '../authenticator/lru';
import { type AuthOutcome, type Credentials, refuse } from '../authenticator/outcome';
import { AuthModelError } from '../model';

/** One HTTP exchange; the default posts with the global fetch. */
export type WebhookPost = (
  url: string,
  body: string,
  signal: AbortSignal,
) => Promise<{ status: number; text: string }>;

export interface WebhookAuthOptions {
  /** Where the credentials are posted: the only place a password is ever sent. */
  readonly url: string;
  readonly timeoutMs: number;
  /** How long an answer is reused for the same credentials; 0 = ask every time. */
  readonly cacheTtlMs: number;
  /** Most answers kept. */
  readonly cacheSize: number;
  readonly post?: WebhookPost;
  readonly now?: () => number;
}

/** The webhook did not answer usably (network, timeout, status, body): CONNACK 0x03, not cached. */
export class WebhookError extends Error {
  constructor(problem: string) {
    super(`auth webhook: ${problem}`);
    this.name = 'WebhookError';
  }
}

const defaultPost: WebhookPost = async (url, body, signal) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal,
    redirect: 'error', // a redirect must not carry the password to another address
  });
  return { status: res.status, text: await res.text() };
};

/**
 * Webhook mode: POST `{clientId, username, password, remoteAddress, protocolVersion}` (password
 * as UTF-8 text) to the configured URL and read `{"allow": true|false, "reason"?, "acl"?}`
 * with status 200. `reason` "not-authorized" gives CONNACK 0x05, anything else 0x04.
 *
 * Answers are cached for `cacheTtlMs` under an HMAC of the credentials with a key born and
 * kept in this process, so the cache holds no password and no offline-guessable digest.
 */
export class WebhookAuthenticator {
  private readonly cache: Lru<string, { outcome: AuthOutcome; until: number }>;
  private readonly cacheKey = randomBytes(32);
  private readonly now: () => number;
  /** Calls made to the webhook (cache hits excluded), for tests and metrics. */
  calls = 0;

  constructor(private readonly options: WebhookAuthOptions) {
    this.cache = new Lru(Math.max(1, options.cacheSize));
    this.now = options.now ?? Date.now;
  }

  async check(c: Credentials): Promise<AuthOutcome> {
    const key = this.keyOf(c);
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.outcome;
    const outcome = await this.ask(c);
    if (this.options.cacheTtlMs > 0) {
      this.cache.set(key, { outcome, until: this.now() + this.options.cacheTtlMs });
    }
    return outcome;
  }

  /** Forget every cached answer (credentials or their rights changed upstream). */
  clear(): void {
    this.cache.clear();
  }

  private async ask(c: Credentials): Promise<AuthOutcome> {
    const body = JSON.stringify({
      clientId: c.clientId,
      username: c.username ?? null,
      password: c.password?.toString('utf8') ?? null,
      remoteAddress: c.remoteAddress,
      protocolVersion: c.protocolVersion,
    });
    this.calls++;
    let res: { status: number; text: string };
    try {
      res = await (this.options.post ?? defaultPost)(
        this.options.url,
        body,
        AbortSignal.timeout(this.options.timeoutMs),
      );
    } catch (e: unknown) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new WebhookError(
        timedOut ? `no answer within ${this.options.timeoutMs} ms` : 'unreachable',
      );
    }
    if (res.status !== 200) throw new WebhookError(`status ${res.status}`);
    let reply: Record<string, unknown>;
    try {
      reply = JSON.parse(res.text) as Record<string, unknown>;
    } catch {
      throw new WebhookError('reply is not JSON');
    }
    if (typeof reply !== 'object' || reply === null || typeof reply['allow'] !== 'boolean') {
      throw new WebhookError('reply has no boolean "allow"');
    }
    if (!reply['allow']) {
      const reason = reply['reason'] === 'not-authorized' ? 'not-authorized' : 'bad-credentials';
      return refuse(reason, 'webhook refused');
    }
    try {
      return { ok: true, grants: parseGrants(reply['acl']) };
    } catch (e: unknown) {
      if (e instanceof AuthModelError) throw new WebhookError(`bad acl in reply (${e.message})`);
      throw e;
    }
  }

  private keyOf(c: Credentials): string {
    const h = createHmac('sha256', this.cacheKey);
    for (const part of [c.clientId, c.username ?? '', c.remoteAddress]) h.update(`${part}\u0000`);
    h.update(c.password ?? Buffer.alloc(0));
    h.update(c.password === undefined ? '\u0000n' : '\u0000p');
    h.update(c.username === undefined ? 'n' : 'u');
    return h.digest('base64');
  }
}
