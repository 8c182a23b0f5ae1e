import { describe, expect, it } from 'vitest';
import { AuthSettings } from './auth-settings';
import { BrokerConfig } from './broker-config';
import { ConfigError, loadConfig } from './load-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(BrokerConfig, env);
  } catch (e: unknown) {
    if (e instanceof ConfigError) return e.problems.map((p) => p.setting);
    throw e;
  }
  return [];
}

describe('AUTH_* settings', () => {
  it('secure defaults: built-in users in a file, anonymous only on loopback, MQTT on 127.0.0.1', () => {
    const c = loadConfig(BrokerConfig, {});
    expect(c).toBeInstanceOf(AuthSettings);
    expect(c).toMatchObject({
      MQTT_HOST: '127.0.0.1',
      AUTH_MODE: 'builtin',
      AUTH_ANONYMOUS: 'auto',
      AUTH_STORE: 'file',
      AUTH_FILE: '.mithqtt/auth.json',
      AUTH_ACL_DEFAULT: 'auto',
      AUTH_JWT_USERNAME_CLAIM: 'sub',
      AUTH_WEBHOOK_TIMEOUT_MS: 2000,
    });
  });

  it('reads valid values', () => {
    const c = loadConfig(BrokerConfig, {
      AUTH_MODE: 'jwt',
      AUTH_JWT_JWKS_FILE: '/etc/mqtt/jwks.json',
      AUTH_JWT_ISSUER: 'https://issuer.example',
      AUTH_WEBHOOK_CACHE_TTL_MS: '0',
    });
    expect(c.AUTH_MODE).toBe('jwt');
    expect(c.AUTH_WEBHOOK_CACHE_TTL_MS).toBe(0);
  });

  it.each([
    ['AUTH_MODE', 'ldap'],
    ['AUTH_ANONYMOUS', 'sometimes'],
    ['AUTH_STORE', 'sql'],
    ['AUTH_FILE', '/etc/auth.yaml'],
    ['AUTH_RELOAD_MS', '-1'],
    ['AUTH_ACL_DEFAULT', 'maybe'],
    ['AUTH_ACL_CACHE_CLIENTS', '0'],
    ['AUTH_JWT_ALGORITHM', 'none'],
    ['AUTH_JWT_JWKS_FILE', 'keys.pem'],
    ['AUTH_JWT_USERNAME_CLAIM', 'user name'],
    ['AUTH_JWT_LEEWAY_SECONDS', 'lots'],
    ['AUTH_WEBHOOK_URL', 'ftp://x'],
    ['AUTH_WEBHOOK_TIMEOUT_MS', '5'],
    ['AUTH_WEBHOOK_CACHE_TTL_MS', '-5'],
  ])('rejects %s=%s naming the setting', (setting, value) => {
    expect(problemsOf({ [setting]: value })).toEqual([setting]);
  });

  it('jwt mode needs a key file or a JWKS file; webhook mode needs a URL', () => {
    expect(problemsOf({ AUTH_MODE: 'jwt' })).toEqual(['AUTH_JWT_KEY_FILE']);
    expect(problemsOf({ AUTH_MODE: 'jwt', AUTH_JWT_KEY_FILE: 'k.pem' })).toEqual([]);
    expect(problemsOf({ AUTH_MODE: 'webhook' })).toEqual(['AUTH_WEBHOOK_URL']);
    expect(problemsOf({ AUTH_MODE: 'webhook', AUTH_WEBHOOK_URL: 'http://127.0.0.1:9/a' })).toEqual(
      [],
    );
  });
});
