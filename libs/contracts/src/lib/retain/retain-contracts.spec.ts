import { describe, expect, it } from 'vitest';
import {
  RetainDeleteReply,
  RetainGetRequest,
  RetainMatchRequest,
  RetainSetReply,
  readRetainedMessageMeta,
  retainedMessageHeaders,
  validateDto,
} from '../../index';

const reader = (h: Record<string, string>) => (n: string) => h[n];

describe('retain contracts', () => {
  it('reads retained-message metadata from headers', () => {
    const headers = Object.fromEntries(retainedMessageHeaders({ topic: ' odd topic', qos: 2 }));
    const r = readRetainedMessageMeta(reader(headers));
    expect(r).toEqual({ ok: true, value: { topic: ' odd topic', qos: 2 } });
  });

  it.each([
    [{ qos: '1' }, 'topic'],
    [{ topic: 'a/+', qos: '1' }, 'topic'],
    [{ topic: 'a\u0000b', qos: '1' }, 'topic'],
    [{ topic: 'a/b' }, 'qos'],
    [{ topic: 'a/b', qos: '3' }, 'qos'],
    [{ topic: 'a/b', qos: '1.0' }, 'qos'],
  ])('[MQTT-3.3.2-2] refuses bad metadata %j naming %s', (headers, field) => {
    expect(readRetainedMessageMeta(reader(headers))).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field },
    });
  });

  it('names the topic rule that was broken', () => {
    const r = validateDto(RetainGetRequest, { topic: 'a/#' });
    expect(r.ok ? '' : r.error.message).toBe(
      'topic must be a valid MQTT topic name (WILDCARD_IN_TOPIC_NAME)',
    );
  });

  it('[MQTT-4.7.1-2] match takes valid filters, refuses bad and shared ones', () => {
    expect(validateDto(RetainMatchRequest, { filter: '+/b/#' }).ok).toBe(true);
    expect(validateDto(RetainMatchRequest, { filter: '$SYS/#' }).ok).toBe(true);
    for (const filter of ['a/#/b', 'a+', '', '$share/g/a']) {
      expect(validateDto(RetainMatchRequest, { filter })).toMatchObject({
        ok: false,
        error: { field: 'filter' },
      });
    }
  });

  it('validates replies too', () => {
    expect(validateDto(RetainSetReply, { stored: true }).ok).toBe(true);
    expect(validateDto(RetainSetReply, { stored: 'yes' }).ok).toBe(false);
    expect(validateDto(RetainDeleteReply, { deleted: false }).ok).toBe(true);
    expect(validateDto(RetainDeleteReply, { deleted: 0 }).ok).toBe(false);
  });
});
