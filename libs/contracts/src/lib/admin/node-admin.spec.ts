import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { validateDto } from '../rpc/validate-dto';
import { NODE_ADMIN_CONTRACTS, nodeAdminContract } from './node-admin';

describe('node admin contracts', () => {
  it('name the node in the subject and keep the DTOs and retry policy', () => {
    for (const verb of ['clients', 'sessions', 'stats'] as const) {
      const contract = nodeAdminContract('gw-a_1', verb);
      expect(contract.subject).toBe(`mqtt.node.v1.gw-a_1.admin.${verb}`);
      expect(contract.request).toBe(NODE_ADMIN_CONTRACTS[verb].request);
      expect(contract.reply).toBe(NODE_ADMIN_CONTRACTS[verb].reply);
      expect(contract.idempotent).toBe(true);
    }
  });

  it.each(['', 'a.b', 'a*', 'a>', 'a b'])('refuses node id %j (not one subject token)', (id) => {
    expect(() => nodeAdminContract(id, 'clients')).toThrow(/nodeId/);
  });

  it.each([
    [{}, 'limit'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 1001 }, 'limit'],
    [{ limit: '5' }, 'limit'],
    [{ limit: 5, after: 3 }, 'after'],
    [{ limit: 5, username: 5 }, 'username'],
  ])('a clients request %j is refused naming %s', (request, field) => {
    const checked = validateDto(NODE_ADMIN_CONTRACTS.clients.request, request);
    expect(checked.ok ? undefined : checked.error.field).toBe(field);
  });

  it('a sessions page reply is checked item by item, subscriptions included', () => {
    const item = {
      clientId: 'c',
      persistent: true,
      online: false,
      node: 'gw-a',
      subscriptions: [{ filter: 'a/#', qos: 1 }],
      inflight: 0,
      queued: 2,
      dropped: 0,
      expiresAt: null,
    };
    const reply = NODE_ADMIN_CONTRACTS.sessions.reply;
    expect(validateDto(reply, { items: [item], next: null }).ok).toBe(true);
    const bad = validateDto(reply, {
      items: [{ ...item, subscriptions: [{ filter: 'a/#', qos: 3 }] }],
      next: 'c',
    });
    expect(bad.ok ? undefined : bad.error.field).toBe('items.0.subscriptions.0.qos');
  });
});
