import { ConfigError, loadConfig } from '@mithqtt/config';
import { describe, expect, it } from 'vitest';
import { RetainConfig } from './retain-config';

describe('RetainConfig', () => {
  it('has working local defaults', () => {
    expect(loadConfig(RetainConfig, {})).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4222',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: 'mqtt',
      RETAIN_QUEUE_GROUP: 'mqtt-retain',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: 8082,
    });
  });

  it.each([
    ['NATS_URL', 'http://x:4222'],
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_CLUSTER', 'maybe'],
    ['REDIS_KEY_PREFIX', 'a b'],
    ['RETAIN_QUEUE_GROUP', 'retain.group'],
    ['LOG_LEVEL', 'loud'],
    ['HTTP_PORT', '70000'],
    ['HTTP_PORT', 'eighty'],
  ])('a bad %s stops start-up naming it', (setting, value) => {
    const error = (() => {
      try {
        loadConfig(RetainConfig, { [setting]: value });
        return undefined;
      } catch (e: unknown) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.setting)).toEqual([setting]);
  });
});
