import {
  applyDecorators,
  Controller,
  Get,
  NotFoundException,
  type Type,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { RequiresScope } from '../auth/api-key.guard';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiErrorBody } from './api-error';
import { apiValidationPipe } from './validation';

/** Version of the admin API: a breaking change gets /api/v2 next to it. */
export const API_BASE = 'api/v1';

/**
 * A controller of the admin API: under /api/v1, API key required (read scope unless a route
 * says `@AdminOnly()`), bodies and queries validated, error responses documented.
 */
export function AdminApiController(path: string, tag: string): ClassDecorator {
  return applyDecorators(
    Controller(path === '' ? API_BASE : `${API_BASE}/${path}`),
    ApiTags(tag),
    ApiSecurity('api-key'),
    ApiBearerAuth(),
    UseGuards(ApiKeyGuard),
    UsePipes(apiValidationPipe()),
    ApiResponse({
      status: 400,
      type: ApiErrorBody,
      description: 'invalid query or body: `fields` names each bad field',
    }),
    ApiResponse({ status: 401, type: ApiErrorBody, description: 'no API key, or an unknown one' }),
    ApiResponse({ status: 503, type: ApiErrorBody, description: 'a store or node did not answer' }),
  );
}

/** Needs an API key with the admin scope (a read-only key gets 403). */
export function AdminOnly(): MethodDecorator {
  return applyDecorators(
    RequiresScope('admin'),
    ApiResponse({ status: 403, type: ApiErrorBody, description: 'the API key is read-only' }),
  );
}

export function ApiNotFound(description: string): MethodDecorator {
  return ApiNotFoundResponse({ type: ApiErrorBody, description });
}

/** `value`, or a 404 saying what was not found. */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new NotFoundException(`${what} not found`);
  return value;
}

/** A GET endpoint: its path under the controller, what it returns, and its OpenAPI type. */
export function Reads(
  path: string | undefined,
  summary: string,
  type: Type<unknown> | [Type<unknown>],
  description?: string,
): MethodDecorator {
  return applyDecorators(
    Get(path),
    ApiOperation({ summary, ...(description === undefined ? {} : { description }) }),
    ApiOkResponse({ type }),
  );
}
