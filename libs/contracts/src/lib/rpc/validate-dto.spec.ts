import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { describe, expect, it } from 'vitest';
import {
  AuthenticateRequest,
  ErrorEnvelopeDto,
  RetainCountRequest,
  RetainDeleteRequest,
  errorEnvelope,
  validateDto,
} from '../../index';

class Inner {
  @IsInt() @Min(1) size!: number;
}
class Outer {
  @IsString() name!: string;
  @ValidateNested() @Type(() => Inner) inner!: Inner;
}

describe('validateDto', () => {
  it('returns an instance of the DTO for a valid body, dropping undeclared fields', () => {
    const r = validateDto(RetainDeleteRequest, { topic: 'a/b', extra: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toBeInstanceOf(RetainDeleteRequest);
    expect(r.value).toEqual({ topic: 'a/b' });
  });

  it.each([null, 42, 'text', [1, 2], undefined])(
    'refuses a body that is not an object: %j',
    (v) => {
      expect(validateDto(RetainDeleteRequest, v)).toEqual({
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'body must be a JSON object' },
      });
    },
  );

  it('names the field at fault, never coercing types', () => {
    const r = validateDto(RetainDeleteRequest, { topic: 12 });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'topic' } });
  });

  it('names a missing required field', () => {
    expect(validateDto(RetainDeleteRequest, {})).toMatchObject({
      ok: false,
      error: { field: 'topic' },
    });
  });

  it('names nested fields by their dotted path', () => {
    const r = validateDto(Outer, { name: 'x', inner: { size: 0 } });
    expect(r).toMatchObject({ ok: false, error: { field: 'inner.size' } });
    if (!r.ok) expect(r.error.message).toMatch(/^inner\.size must not be less than 1/);
  });

  it('refuses prototype-polluting keys', () => {
    const body = JSON.parse('{"topic":"a","__proto__":{"polluted":true}}') as unknown;
    expect(validateDto(RetainDeleteRequest, body)).toMatchObject({
      ok: false,
      error: { field: '__proto__' },
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('accepts {} for a field-less request', () => {
    expect(validateDto(RetainCountRequest, {})).toMatchObject({ ok: true });
  });

  it('never quotes the rejected value (it may be a password)', () => {
    const r = validateDto(AuthenticateRequest, {
      clientId: 'c',
      password: 'not base64 s3cr3t!',
      remoteAddress: '127.0.0.1',
      protocolVersion: 4,
      cleanSession: true,
    });
    expect(r).toMatchObject({ ok: false, error: { field: 'password' } });
    expect(JSON.stringify(r)).not.toContain('s3cr3t');
  });

  it('validates error envelopes received from a service', () => {
    expect(validateDto(ErrorEnvelopeDto, errorEnvelope('NOT_FOUND', 'none', 'topic')).ok).toBe(
      true,
    );
    expect(validateDto(ErrorEnvelopeDto, { error: { code: 'OOPS', message: 'x' } })).toMatchObject({
      ok: false,
      error: { field: 'error.code' },
    });
    expect(validateDto(ErrorEnvelopeDto, { error: 'x' })).toMatchObject({
      ok: false,
      error: { field: 'error' },
    });
  });
});
