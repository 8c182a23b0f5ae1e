export {
  ADMIN_PORT,
  AdminError,
  type AdminErrorCode,
  type AdminPort,
  type ClientFilter,
  type PageRequest,
  type PublishRequest,
  type RetainedFilter,
  type SessionFilter,
  type SubscriptionRequest,
} from './lib/admin/admin.port';
export * from './lib/admin/views';
export { LocalAdmin, type LocalAdminOptions } from './lib/admin/local-admin';
export {
  AdminApiModule,
  ADMIN_API_CONTROLLERS,
  type AdminApiOptions,
  type AdminApiSettings,
} from './lib/admin-api.module';
export { ApiErrorBody, ERROR_CODES, type ErrorCode } from './lib/http/api-error';
export { API_SCOPES, type ApiScope, generateApiKey, digestApiKey } from './lib/auth/api-key';
export { ApiKeyStore } from './lib/auth/api-key-store';
export { ApiKeyFileError, readKeyFile, writeKeyFile, StoredApiKey } from './lib/auth/api-key-file';
export { DOCS_PATH, openApiDocument, setupOpenApi } from './lib/openapi';
export { USERS_STORE, UsersAdmin } from './lib/users/users-admin';
export { AclRuleView, AclSubjectView, UserView } from './lib/users/views';
export { ClusterAdmin, type ClusterAdminOptions } from './lib/admin/cluster-admin';
export { mergeNodePages } from './lib/admin/cluster-paging';
export { knownNodeView } from './lib/admin/node-view';
