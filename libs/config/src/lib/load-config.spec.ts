import { describe, expect, it } from 'vitest';
import { BrokerConfig } from './broker-config';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig(BrokerConfig)', () => {
  it('uses the defaults when nothing is set', () => {
    const c = loadConfig(BrokerConfig, {});
    expect(c.MQTT_PORT).toBe(1883);
    expect(c.MQTT_QUEUE_QOS0_OFFLINE).toBe(false);
  });

  it('reads numbers and booleans from strings', () => {
    const c = loadConfig(BrokerConfig, { MQTT_PORT: '1884', MQTT_QUEUE_QOS0_OFFLINE: 'true' });
    expect(c.MQTT_PORT).toBe(1884);
    expect(c.MQTT_QUEUE_QOS0_OFFLINE).toBe(true);
  });

  it.each([
    ['MQTT_PORT', 'abc'],
    ['MQTT_PORT', '70000'],
    ['HTTP_PORT', '-1'],
    ['MQTT_QUEUE_DROP_POLICY', 'random'],
    ['MQTT_QUEUE_QOS0_OFFLINE', 'maybe'],
    ['MQTT_MAX_PACKET_SIZE', '300000000'],
    ['LOG_LEVEL', 'loud'],
  ])('rejects %s=%s naming the setting', (setting, value) => {
    let error: unknown;
    try {
      loadConfig(BrokerConfig, { [setting]: value });
    } catch (e: unknown) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.setting)).toEqual([setting]);
    expect((error as ConfigError).message).toContain(setting);
  });
});

describe('loadConfig(BrokerConfig): HTTP admin API settings', () => {
  it('has working defaults', () => {
    const c = loadConfig(BrokerConfig, {});
    expect(c.HTTP_API_KEYS_FILE).toBe('.mithqtt/api-keys.json');
    expect(c.HTTP_API_DOCS).toBe(true);
    expect(c.CLUSTER_HEARTBEAT_MS).toBe(2000);
  });

  it.each([
    ['HTTP_API_KEYS_FILE', '/etc/keys.txt'],
    ['HTTP_API_DOCS', 'sometimes'],
    ['CLUSTER_HEARTBEAT_MS', '50'],
    ['CLUSTER_HEARTBEAT_MS', 'fast'],
  ])('rejects %s=%s naming the setting', (setting, value) => {
    expect(() => loadConfig(BrokerConfig, { [setting]: value })).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ setting })],
        message: expect.stringContaining(setting) as unknown,
      }) as Error,
    );
  });
});

describe('loadConfig(BrokerConfig): auth service settings', () => {
  it('checks credentials locally by default; nats with a NATS URL', () => {
    expect(loadConfig(BrokerConfig, {}).AUTH_SERVICE).toBe('local');
    const c = loadConfig(BrokerConfig, {
      AUTH_SERVICE: 'nats',
      CLUSTER_NATS_URL: 'nats://127.0.0.1:4222',
      AUTH_QUEUE_GROUP: 'auth.blue',
    });
    expect(c.AUTH_SERVICE).toBe('nats');
    expect(c.AUTH_QUEUE_GROUP).toBe('auth.blue');
  });

  it('durability is fast by default; strict in a cluster with Redis', () => {
    expect(loadConfig(BrokerConfig, {}).DURABILITY).toBe('fast');
    const c = loadConfig(BrokerConfig, {
      DURABILITY: 'strict',
      CLUSTER_NATS_URL: 'nats://127.0.0.1:4222',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(c.DURABILITY).toBe('strict');
    expect(c.DURABILITY_LOG_RETENTION_MS).toBe(60_000);
  });

  it.each([
    [{ AUTH_SERVICE: 'ldap' }, 'AUTH_SERVICE'],
    [{ AUTH_SERVICE: 'nats' }, 'AUTH_SERVICE'],
    [{ AUTH_QUEUE_GROUP: 'auth group' }, 'AUTH_QUEUE_GROUP'],
    [{ RETAIN_SERVICE: 'nats' }, 'RETAIN_SERVICE'],
    [{ RETAIN_SERVICE: 'remote' }, 'RETAIN_SERVICE'],
    [{ RETAIN_TIMEOUT_MS: '10' }, 'RETAIN_TIMEOUT_MS'],
    [{ DURABILITY: 'paranoid' }, 'DURABILITY'],
    [{ DURABILITY: 'strict', REDIS_URL: 'redis://127.0.0.1:6379' }, 'DURABILITY'],
    [{ DURABILITY: 'strict', CLUSTER_NATS_URL: 'nats://127.0.0.1:4222' }, 'DURABILITY'],
    [{ DURABILITY_LOG_RETENTION_MS: '100' }, 'DURABILITY_LOG_RETENTION_MS'],
  ])('rejects %j naming %s', (env, setting) => {
    expect(() => loadConfig(BrokerConfig, env)).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ setting })],
      }) as Error,
    );
  });
});
