import { describe, expect, it } from 'vitest';
import { AuthenticateReply, AuthenticateRequest, AuthorizeRequest, validateDto } from '../../index';

const connect = {
  clientId: 'dev-1',
  username: 'alice',
  password: Buffer.from('pa55').toString('base64'),
  remoteAddress: '10.0.0.7:51234',
  protocolVersion: 4,
  cleanSession: false,
};

describe('auth contracts', () => {
  it('accepts a CONNECT with or without credentials', () => {
    expect(validateDto(AuthenticateRequest, connect).ok).toBe(true);
    const { username: _u, password: _p, ...anonymous } = connect;
    expect(validateDto(AuthenticateRequest, anonymous).ok).toBe(true);
  });

  it.each([
    [{ protocolVersion: 6 }, 'protocolVersion'],
    [{ cleanSession: 'false' }, 'cleanSession'],
    [{ clientId: undefined }, 'clientId'],
    [{ password: 'ä' }, 'password'],
    [{ username: 7 }, 'username'],
  ])('refuses %j naming %s', (patch, field) => {
    expect(validateDto(AuthenticateRequest, { ...connect, ...patch })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field },
    });
  });

  it('a refusal must say why', () => {
    expect(validateDto(AuthenticateReply, { ok: true }).ok).toBe(true);
    expect(validateDto(AuthenticateReply, { ok: false, reason: 'not-authorized' }).ok).toBe(true);
    expect(validateDto(AuthenticateReply, { ok: false })).toMatchObject({
      error: { field: 'reason' },
    });
    expect(validateDto(AuthenticateReply, { ok: false, reason: 'nope' }).ok).toBe(false);
  });

  it('grants are rules: each field checked, the bad one named with its path', () => {
    const grant = { subject: { type: 'all' }, action: 'publish', effect: 'allow', filter: 'a/#' };
    expect(validateDto(AuthenticateReply, { ok: true, grants: [grant] }).ok).toBe(true);
    const userGrant = { ...grant, subject: { type: 'user', username: 'u' } };
    expect(validateDto(AuthenticateReply, { ok: true, grants: [userGrant] }).ok).toBe(true);
    expect(
      validateDto(AuthenticateReply, {
        ok: true,
        grants: [{ ...grant, subject: { type: 'user' } }],
      }),
    ).toMatchObject({ error: { field: 'grants.0.subject.username' } });
    expect(
      validateDto(AuthenticateReply, { ok: true, grants: [grant, { ...grant, effect: 'maybe' }] }),
    ).toMatchObject({ error: { field: 'grants.1.effect' } });
  });

  it('authorize takes a topic name to publish and a filter to subscribe', () => {
    const base = { clientId: 'c', username: 'u' };
    expect(validateDto(AuthorizeRequest, { ...base, action: 'publish', topic: 'a/b' }).ok).toBe(
      true,
    );
    expect(validateDto(AuthorizeRequest, { ...base, action: 'subscribe', topic: 'a/#' }).ok).toBe(
      true,
    );
    expect(
      validateDto(AuthorizeRequest, { ...base, action: 'publish', topic: 'a/#' }),
    ).toMatchObject({
      ok: false,
      error: {
        field: 'topic',
        message: 'topic must be a valid MQTT topic name (WILDCARD_IN_TOPIC_NAME)',
      },
    });
    expect(validateDto(AuthorizeRequest, { ...base, action: 'connect', topic: 'a' })).toMatchObject(
      {
        ok: false,
        error: { field: 'action' },
      },
    );
  });
});
