import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import type { ErrorBody } from './error-envelope';

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ErrorBody & { readonly code: 'BAD_REQUEST' } };

/** Keys that must never be copied from untrusted JSON onto an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Turns an untrusted plain value (parsed JSON, or header values) into an instance of `dto` and
 * checks its class-validator rules. Fields the DTO does not declare are dropped (a newer peer
 * may send more: tolerant reader), types are never coerced. The error names the first field at
 * fault; it never quotes the value (it could be a password).
 */
export function validateDto<T extends object>(dto: new () => T, plain: unknown): Validated<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return bad('body must be a JSON object');
  }
  for (const key of Object.keys(plain)) {
    if (FORBIDDEN_KEYS.has(key)) return bad(`field ${key} is not allowed`, key);
  }
  const instance = plainToInstance(dto, plain);
  const errors = validateSync(instance, {
    whitelist: true,
    // Off: it refuses instances of field-less DTOs (RetainCountRequest); the body was checked
    // to be an object above and is always turned into an instance of `dto`.
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  });
  const first = errors[0];
  if (first === undefined) return { ok: true, value: instance };
  const { field, message } = describe(first, '');
  return bad(message, field);
}

function describe(error: ValidationError, parent: string): { field: string; message: string } {
  const field = parent === '' ? error.property : `${parent}.${error.property}`;
  const child = error.children?.[0];
  if (child !== undefined && error.constraints === undefined) return describe(child, field);
  const reasons = Object.values(error.constraints ?? {});
  // class-validator's messages start with the property name; name the full path instead.
  const message = reasons
    .map((r) =>
      r.startsWith(`${error.property} `) ? `${field}${r.slice(error.property.length)}` : r,
    )
    .join('; ');
  return { field, message: message === '' ? `${field} is invalid` : message };
}

function bad(message: string, field?: string): Validated<never> {
  return {
    ok: false,
    error:
      field === undefined
        ? { code: 'BAD_REQUEST', message }
        : { code: 'BAD_REQUEST', message, field },
  };
}
