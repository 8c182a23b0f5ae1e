import { describe, expect, it } from 'vitest';
import {
  nodeSessionContract,
  nodeSessionSubject,
  SESSION_CONTRACTS,
  SESSION_VERBS,
  SessionClientRequest,
  SessionGetReply,
  SessionSubscribeRequest,
  SessionUnsubscribeRequest,
  SUBJECTS,
  validateDto,
} from '../../index';

const view = {
  clientId: 'dev-1',
  online: true,
  node: 'node-b',
  persistent: true,
  subscriptions: [{ filter: 'a/+', qos: 1 }],
  queued: 0,
  inflight: 2,
};

describe('session contracts', () => {
  it('serve five verbs under mqtt.session.v1, all safe to retry', () => {
    expect(Object.values(SUBJECTS.session).sort()).toEqual(
      SESSION_VERBS.map((v) => `mqtt.session.v1.${v}`).sort(),
    );
    for (const verb of SESSION_VERBS) expect(SESSION_CONTRACTS[verb].idempotent).toBe(true);
  });

  it.each([
    [{}, 'clientId'],
    [{ clientId: '' }, 'clientId'],
    [{ clientId: 7 }, 'clientId'],
  ])('a client request %j is refused naming %s', (body, field) => {
    expect(validateDto(SessionClientRequest, body)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field },
    });
  });

  it('subscribe takes a valid MQTT filter and a QoS of 0-2', () => {
    const ok = { clientId: 'c', filter: 'sensors/+/temp/#', qos: 2 };
    expect(validateDto(SessionSubscribeRequest, ok).ok).toBe(true);
    expect(validateDto(SessionSubscribeRequest, { ...ok, filter: '#' }).ok).toBe(true);
  });

  it.each([
    // [MQTT-4.7.1-2] '#' only last and alone in its level; [MQTT-4.7.1-3] '+' alone in its level
    [{ filter: 'a/#/b' }, 'filter', 'INVALID_WILDCARD_POSITION'],
    [{ filter: 'a/b+' }, 'filter', 'INVALID_WILDCARD_POSITION'],
    // [MQTT-4.7.3-1] at least one character
    [{ filter: '' }, 'filter', 'EMPTY'],
    // [MQTT-4.7.3-2] no U+0000
    [{ filter: 'a\u0000b' }, 'filter', 'NULL_CHARACTER'],
    [{ filter: '$share/g/a' }, 'filter', 'SHARED_NOT_ALLOWED'],
    [{ qos: 3 }, 'qos', undefined],
    [{ qos: '1' }, 'qos', undefined],
    [{ clientId: '' }, 'clientId', undefined],
  ])('subscribe refuses %j naming %s', (patch, field, code) => {
    const result = validateDto(SessionSubscribeRequest, {
      clientId: 'c',
      filter: 'a',
      qos: 0,
      ...patch,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field } });
    if (code !== undefined && !result.ok) expect(result.error.message).toContain(code);
  });

  it('unsubscribe validates its filter the same way', () => {
    expect(validateDto(SessionUnsubscribeRequest, { clientId: 'c', filter: 'a/+' }).ok).toBe(true);
    expect(validateDto(SessionUnsubscribeRequest, { clientId: 'c', filter: '+a' })).toMatchObject({
      ok: false,
      error: { field: 'filter' },
    });
  });

  it('a session view is online on a node, or offline with node null', () => {
    expect(validateDto(SessionGetReply, view).ok).toBe(true);
    expect(validateDto(SessionGetReply, { ...view, online: false, node: null }).ok).toBe(true);
    expect(validateDto(SessionGetReply, { ...view, node: undefined })).toMatchObject({
      error: { field: 'node' },
    });
    expect(validateDto(SessionGetReply, { ...view, queued: -1 })).toMatchObject({
      error: { field: 'queued' },
    });
    expect(
      validateDto(SessionGetReply, { ...view, subscriptions: [{ filter: 'a', qos: 1 }, {}] }),
    ).toMatchObject({ error: { field: 'subscriptions.1.filter' } });
  });

  it('node-addressed twins: same DTOs and retry policy, subject names the node', () => {
    for (const verb of SESSION_VERBS) {
      const contract = nodeSessionContract('node-b_1', verb);
      expect(contract.subject).toBe(`mqtt.node.v1.node-b_1.session.${verb}`);
      expect(contract.request).toBe(SESSION_CONTRACTS[verb].request);
      expect(contract.reply).toBe(SESSION_CONTRACTS[verb].reply);
      expect(contract.idempotent).toBe(SESSION_CONTRACTS[verb].idempotent);
    }
    // The service-level contract is not changed by making a node's twin.
    expect(SESSION_CONTRACTS.get.subject).toBe('mqtt.session.v1.get');
  });

  it.each(['', 'a.b', 'a*', 'a>', 'a b'])('refuses node id %j (not one subject token)', (id) => {
    expect(() => nodeSessionSubject(id, 'get')).toThrow(/nodeId/);
  });
});
