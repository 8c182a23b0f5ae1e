import { ConfigError, loadConfig } from '@mithqtt/config';
import { describe, expect, it } from 'vitest';
import { HttpApiConfig } from './http-api-config';

describe('HttpApiConfig', () => {
  it('has working local defaults', () => {
    expect(loadConfig(HttpApiConfig, {})).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4222',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: 'mqtt',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: 8080,
      HTTP_API_KEYS_FILE: '.mithqtt/api-keys.json',
      HTTP_API_DOCS: true,
      RETAIN_SERVICE: 'nats',
      HTTP_API_NODE_TIMEOUT_MS: 1000,
      HTTP_API_NODE_DISCOVERY_MS: 2500,
      LOG_LEVEL: 'info',
    });
  });

  it.each([
    ['NATS_URL', 'http://x:4222'],
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_KEY_PREFIX', 'a b'],
    ['HTTP_PORT', '65536'],
    ['HTTP_API_KEYS_FILE', 'keys.txt'],
    ['HTTP_API_DOCS', 'perhaps'],
    ['RETAIN_SERVICE', 'local'],
    ['RETAIN_TIMEOUT_MS', '10'],
    ['HTTP_API_NODE_TIMEOUT_MS', 'slow'],
    ['HTTP_API_NODE_DISCOVERY_MS', '-1'],
    ['LOG_LEVEL', 'loud'],
  ])('a bad %s stops start-up naming it', (setting, value) => {
    let error: unknown;
    try {
      loadConfig(HttpApiConfig, { [setting]: value });
    } catch (e: unknown) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.setting)).toEqual([setting]);
  });
});
