import { type ArgumentsHost, Catch, HttpException, Inject, Optional } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { AdminError } from '../admin/admin.port';
import { type ApiErrorBody, errorCodeOf } from './api-error';
import { InvalidFieldsException } from './validation';

/** Nest token of an optional `(error) => void` told of every 500 (the host logs it). */
export const API_ERROR_LOG = Symbol('API_ERROR_LOG');

/** Paths whose errors get the API error shape; others (health, metrics) keep Nest's. */
export const API_PREFIX = '/api/';

const ADMIN_STATUS = { 'invalid-request': 400, conflict: 409, unavailable: 503 } as const;

/**
 * The one mapping from errors to the API's error body (typed errors inside, one mapping at the
 * edge). Registered globally because errors raised before a controller runs (unknown route,
 * malformed JSON, body too large) never reach controller-scoped filters; requests outside
 * /api/ are handed to Nest's default filter unchanged (Terminus' 503 body on /ready).
 */
@Catch()
export class ApiExceptionFilter extends BaseExceptionFilter {
  constructor(
    @Optional() @Inject(API_ERROR_LOG) private readonly logError?: (error: unknown) => void,
  ) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const adapter = this.httpAdapterHost?.httpAdapter;
    const request: unknown = host.getArgByIndex(0);
    if (!adapter || !String(adapter.getRequestUrl(request)).startsWith(API_PREFIX)) {
      super.catch(exception, host);
      return;
    }
    const body = this.toBody(exception);
    const response: unknown = host.getArgByIndex(1);
    if (body.status === 401) adapter.setHeader(response, 'WWW-Authenticate', 'Bearer');
    if (adapter.isHeadersSent(response)) adapter.end(response);
    else adapter.reply(response, body, body.status);
  }

  private toBody(e: unknown): ApiErrorBody {
    if (e instanceof InvalidFieldsException) {
      return { status: 400, code: 'invalid-request', message: e.message, fields: e.fields };
    }
    if (e instanceof AdminError) {
      const status = ADMIN_STATUS[e.code];
      return {
        status,
        code: errorCodeOf(status),
        message: e.message,
        ...(e.field === undefined ? {} : { fields: [{ field: e.field, problem: e.message }] }),
      };
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      return { status, code: errorCodeOf(status), message: messageOf(e) };
    }
    // Fastify's own errors before routing (bad JSON, body too large, wrong content type).
    const statusCode = (e as { statusCode?: unknown } | null)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return { status: statusCode, code: errorCodeOf(statusCode), message: (e as Error).message };
    }
    this.logError?.(e);
    return { status: 500, code: 'internal', message: 'internal error' };
  }
}

/** Nest exceptions carry their message in `getResponse()` (a string or `{ message }`). */
function messageOf(e: HttpException): string {
  const response = e.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : e.message;
}
