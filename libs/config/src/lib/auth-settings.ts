import { IsIn, IsInt, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

/**
 * Authentication and authorization settings (AUTH_*), shared by the embedded broker and the
 * auth service. Property names are the environment variable names; initial values are the
 * defaults. Semantics: libs/auth/README.md and docs/decisions/0006-acl-semantics.md.
 */
export class AuthSettings {
  /** Where credentials are checked: built-in users, a JWT in the password, or an HTTP webhook. */
  @IsIn(['builtin', 'jwt', 'webhook']) AUTH_MODE = 'builtin';
  /**
   * CONNECTs without username and password: `auto` accepts them only when MQTT_HOST is a
   * loopback address (the secure default), `allow` / `deny` say so explicitly.
   */
  @IsIn(['auto', 'allow', 'deny']) AUTH_ANONYMOUS = 'auto';
  /** Where users and ACL rules live: a JSON file, or Redis (REDIS_URL, shared by a cluster). */
  @IsIn(['file', 'redis']) AUTH_STORE = 'file';
  /** The users/ACL file with AUTH_STORE=file (created at the first change). */
  @Matches(/\.json$/, { message: 'AUTH_FILE must name a .json file' })
  AUTH_FILE = '.mithqtt/auth.json';
  /** How often the file (or the Redis version) is checked for changes made elsewhere; 0 = never. */
  @IsInt() @Min(0) @Max(600_000) AUTH_RELOAD_MS = 1000;
  /** When no rule matches: `auto` allows while no rule exists at all, and denies once one does. */
  @IsIn(['auto', 'allow', 'deny']) AUTH_ACL_DEFAULT = 'auto';
  /** Clients whose compiled rules and recent decisions are cached. */
  @IsInt() @Min(1) @Max(10_000_000) AUTH_ACL_CACHE_CLIENTS = 10_000;

  /** Algorithm of AUTH_JWT_KEY_FILE (never taken from the token). */
  @IsIn(['HS256', 'RS256', 'ES256']) AUTH_JWT_ALGORITHM = 'RS256';
  /** PEM public key (RS256/ES256) or shared secret (HS256, 32+ bytes) for AUTH_MODE=jwt. */
  @ValidateIf((o: AuthSettings) => o.AUTH_MODE === 'jwt' && o.AUTH_JWT_JWKS_FILE === '')
  @MinLength(1, {
    message: 'AUTH_JWT_KEY_FILE or AUTH_JWT_JWKS_FILE is required with AUTH_MODE=jwt',
  })
  AUTH_JWT_KEY_FILE = '';
  /** A JWKS document saved to a file (keys chosen by `kid`); instead of AUTH_JWT_KEY_FILE. */
  @Matches(/^$|\.json$/, { message: 'AUTH_JWT_JWKS_FILE must be empty or name a .json file' })
  AUTH_JWT_JWKS_FILE = '';
  /** Required `iss`; empty = not checked. */
  @Matches(/^[^\s]*$/, { message: 'AUTH_JWT_ISSUER must not contain spaces' })
  AUTH_JWT_ISSUER = '';
  /** Required `aud`; empty = not checked. */
  @Matches(/^[^\s]*$/, { message: 'AUTH_JWT_AUDIENCE must not contain spaces' })
  AUTH_JWT_AUDIENCE = '';
  /** The claim that holds the username (the CONNECT username must equal it). */
  @Matches(/^[A-Za-z0-9_.:-]+$/, { message: 'AUTH_JWT_USERNAME_CLAIM must be a claim name' })
  AUTH_JWT_USERNAME_CLAIM = 'sub';
  /** The claim holding per-connection ACL grants `{publish, subscribe, all}`; empty = none. */
  @Matches(/^[A-Za-z0-9_.:-]*$/, { message: 'AUTH_JWT_ACL_CLAIM must be empty or a claim name' })
  AUTH_JWT_ACL_CLAIM = '';
  /** Clock skew allowed on `exp` / `nbf`. */
  @IsInt() @Min(0) @Max(3600) AUTH_JWT_LEEWAY_SECONDS = 30;

  /** Where AUTH_MODE=webhook posts credentials (the only place a password is sent). */
  @ValidateIf((o: AuthSettings) => o.AUTH_MODE === 'webhook' || o.AUTH_WEBHOOK_URL !== '')
  @Matches(/^https?:\/\/[^\s]+$/, {
    message: 'AUTH_WEBHOOK_URL must be an http(s):// URL (required with AUTH_MODE=webhook)',
  })
  AUTH_WEBHOOK_URL = '';
  /** Longest wait for the webhook; keep it under AUTH_TIMEOUT_MS. */
  @IsInt() @Min(10) @Max(60_000) AUTH_WEBHOOK_TIMEOUT_MS = 2000;
  /** How long a webhook answer is reused for the same credentials; 0 = never. */
  @IsInt() @Min(0) @Max(86_400_000) AUTH_WEBHOOK_CACHE_TTL_MS = 60_000;
  /** Most webhook answers cached. */
  @IsInt() @Min(1) @Max(10_000_000) AUTH_WEBHOOK_CACHE_SIZE = 10_000;
}
