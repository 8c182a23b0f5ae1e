import { ConfigError, loadConfig } from '@mithqtt/config';
import { describe, expect, it } from 'vitest';
import { SessionConfig } from './session-config';

describe('SessionConfig', () => {
  it('has working local defaults', () => {
    expect(loadConfig(SessionConfig, {})).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4222',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_CLUSTER: false,
      REDIS_KEY_PREFIX: 'mqtt',
      SESSION_QUEUE_GROUP: 'mqtt-session',
      MQTT_SESSION_EXPIRY_SECONDS: 86_400,
      SESSION_NODE_TIMEOUT_MS: 750,
      SESSION_NODE_DISCOVERY_MS: 2500,
      LOG_LEVEL: 'info',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: 8083,
    });
  });

  it.each([
    ['NATS_URL', 'http://x:4222'],
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_CLUSTER', 'maybe'],
    ['REDIS_KEY_PREFIX', 'a b'],
    ['SESSION_QUEUE_GROUP', 'session.group'],
    ['MQTT_SESSION_EXPIRY_SECONDS', '0'],
    ['SESSION_NODE_TIMEOUT_MS', 'slow'],
    ['SESSION_NODE_DISCOVERY_MS', '-1'],
    ['LOG_LEVEL', 'loud'],
    ['HTTP_PORT', '70000'],
    ['HTTP_PORT', 'eighty'],
  ])('a bad %s stops start-up naming it', (setting, value) => {
    const error = (() => {
      try {
        loadConfig(SessionConfig, { [setting]: value });
        return undefined;
      } catch (e: unknown) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.setting)).toEqual([setting]);
  });
});
