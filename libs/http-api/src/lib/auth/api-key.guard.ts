import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiScope } from './api-key';
import { ApiKeyStore } from './api-key-store';

const SCOPE = 'mithqtt:api-scope';

/** The scope an endpoint needs (default `read`; an `admin` key has every scope). */
export const RequiresScope = (scope: ApiScope) => SetMetadata(SCOPE, scope);

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Set for the request's logs: the key id, never the key. */
  apiKeyId?: string;
}

/**
 * API key authentication: `X-API-Key: <key>` or `Authorization: Bearer <key>`. No key or an
 * unknown key: 401; a `read` key on an `admin` endpoint: 403. The key is never logged or
 * echoed, only its id.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(ApiKeyStore) private readonly store: ApiKeyStore,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required =
      this.reflector.getAllAndOverride<ApiScope | undefined>(SCOPE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'read';
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const key = presentedKey(request);
    const entry = await this.store.verify(key);
    if (!entry) throw new UnauthorizedException('invalid API key');
    request.apiKeyId = entry.id;
    if (required === 'admin' && entry.scope !== 'admin') {
      throw new ForbiddenException(
        `this operation needs an API key with the admin scope (key ${entry.id} has ${entry.scope})`,
      );
    }
    return true;
  }
}

function presentedKey(request: HttpRequest): string {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const authorization = request.headers['authorization'];
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1]) return match[1];
    throw new UnauthorizedException('Authorization must be "Bearer <API key>"');
  }
  throw new UnauthorizedException(
    'missing API key: send "X-API-Key: <key>" or "Authorization: Bearer <key>"',
  );
}
