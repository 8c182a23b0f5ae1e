export { filterCovers, filtersIntersect } from './lib/acl/filters';
export {
  type AclIdentity,
  type CompiledRule,
  compileRules,
  decidePublish,
  decideSubscribe,
} from './lib/acl/acl';
export { parseGrants } from './lib/acl/grants';
export {
  type AclAction,
  type AclEffect,
  type AclRule,
  type AclRuleInput,
  type AclSubject,
  AuthModelError,
  describeRule,
  parseRule,
  parseRuleInput,
  parseUser,
  type User,
} from './lib/model';
export {
  DEFAULT_SCRYPT,
  hashPassword,
  parseHash,
  type ScryptParams,
  verifyAgainstDummy,
  verifyPassword,
} from './lib/password/scrypt-hash';
export { type AuthStore, ChangeListeners } from './lib/store/auth-store.port';
export { MemoryAuthStore } from './lib/store/memory-auth.store';
export {
  AuthFileError,
  FileAuthStore,
  type FileAuthStoreOptions,
} from './lib/store/file-auth.store';
export {
  type AclDefault,
  Authenticator,
  type AuthenticatorOptions,
  type AuthMode,
  type DenialEvent,
} from './lib/authenticator/authenticator';
export {
  type AnonymousPolicy,
  anonymousAllowed,
  isLoopbackHost,
} from './lib/authenticator/anonymous-policy';
export type { AuthOutcome, Credentials } from './lib/authenticator/outcome';
export { JwtAuthenticator, type JwtAuthOptions } from './lib/jwt/jwt-authenticator';
export {
  JWT_ALGORITHMS,
  type JwtAlgorithm,
  JwtError,
  type JwtKey,
  verifyJwt,
} from './lib/jwt/jwt-verify';
export { JwtKeyError, loadJwksFile, loadKeyFile } from './lib/jwt/jwt-keys';
export {
  WebhookAuthenticator,
  type WebhookAuthOptions,
  WebhookError,
  type WebhookPost,
} from './lib/webhook/webhook-authenticator';
