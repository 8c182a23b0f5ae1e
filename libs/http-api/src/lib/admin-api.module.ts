import {
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  Module,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { AuthStore } from '@mithqtt/auth';
import { ADMIN_PORT, type AdminPort } from './admin/admin.port';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeyStore } from './auth/api-key-store';
import { ClientsController } from './controllers/clients.controller';
import { ClusterController } from './controllers/cluster.controller';
import { PublishController } from './controllers/publish.controller';
import { RetainedController } from './controllers/retained.controller';
import { SessionsController } from './controllers/sessions.controller';
import { SubscriptionsController } from './controllers/subscriptions.controller';
import { AclController } from './controllers/acl.controller';
import { UsersController } from './controllers/users.controller';
import { USERS_STORE, UsersAdmin } from './users/users-admin';
import { API_ERROR_LOG, ApiExceptionFilter } from './http/api-exception.filter';

export interface AdminApiSettings {
  /** JSON file of hashed API keys (see README: `npm run api-key`). */
  readonly keysFile: string;
  /** Told of unexpected errors (500s) and of a key file that became unreadable. */
  readonly onError?: (context: string, error: unknown) => void;
}

export interface AdminApiOptions {
  /** Modules the factories below need. */
  readonly imports?: ModuleMetadata['imports'];
  /** The AdminPort: LocalAdmin embedded, a NATS client in the distributed deployment. */
  readonly admin: Omit<FactoryProvider<AdminPort | Promise<AdminPort>>, 'provide'>;
  readonly settings: Omit<FactoryProvider<AdminApiSettings>, 'provide'>;
  /** The users/ACL store the broker authenticates against (file embedded, Redis in a cluster). */
  readonly authStore: Omit<FactoryProvider<AuthStore>, 'provide'>;
}

const SETTINGS = Symbol('ADMIN_API_SETTINGS');

export const ADMIN_API_CONTROLLERS = [
  ClientsController,
  SubscriptionsController,
  SessionsController,
  PublishController,
  RetainedController,
  ClusterController,
  UsersController,
  AclController,
];

/**
 * The HTTP admin API (/api/v1): controllers over an AdminPort, API key auth, one error
 * shape. The key file is read when the module starts: an unusable file stops start-up.
 */
@Module({})
export class AdminApiModule {
  static forRoot(options: AdminApiOptions): DynamicModule {
    return {
      module: AdminApiModule,
      imports: options.imports ?? [],
      controllers: ADMIN_API_CONTROLLERS,
      providers: [
        { provide: ADMIN_PORT, ...options.admin },
        { provide: SETTINGS, ...options.settings },
        { provide: USERS_STORE, ...options.authStore },
        {
          provide: UsersAdmin,
          inject: [USERS_STORE],
          useFactory: (store: AuthStore) => new UsersAdmin(store),
        },
        {
          provide: ApiKeyStore,
          inject: [SETTINGS],
          useFactory: async (settings: AdminApiSettings) => {
            const store = new ApiKeyStore(settings.keysFile, {
              onReloadError: (e) => settings.onError?.('api-keys.reload', e),
            });
            await store.load();
            return store;
          },
        },
        {
          provide: API_ERROR_LOG,
          inject: [SETTINGS],
          useFactory: (settings: AdminApiSettings) => (e: unknown) =>
            settings.onError?.('http-api', e),
        },
        ApiKeyGuard,
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
      exports: [ADMIN_PORT, ApiKeyStore],
    };
  }
}
