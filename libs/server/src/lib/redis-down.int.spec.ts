import { BrokerConfig, loadConfig } from '@mithqtt/config';
import { freePort, startRedis } from '@mithqtt/testing';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startEmbedded } from './embedded/start-embedded';
import { createLogger } from './logger';

/**
 * Redis gone while the broker runs: clients whose session needs it get a clear CONNACK 0x03
 * (server unavailable) in bounded time instead of a hang; clean sessions keep working.
 */
let redis: Awaited<ReturnType<typeof startRedis>>;
let broker: RunningBroker;

function connack(clientId: string, clean: boolean): Promise<{ code: number; ms: number }> {
  const started = Date.now();
  const c = mqtt.connect({
    host: '127.0.0.1',
    port: broker.mqttPort,
    clientId,
    clean,
    reconnectPeriod: 0,
    connectTimeout: 30_000,
  });
  return new Promise((resolve) => {
    c.once('connect', () => {
      resolve({ code: 0, ms: Date.now() - started });
      c.end(true);
    });
    c.once('error', (e: Error & { code?: number }) => {
      resolve({ code: e.code ?? -1, ms: Date.now() - started });
      c.end(true);
    });
  });
}

beforeAll(async () => {
  redis = await startRedis();
  broker = await startEmbedded(
    loadConfig(BrokerConfig, {
      MQTT_HOST: '127.0.0.1',
      MQTT_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(await freePort()),
      REDIS_URL: redis.url,
    }),
    createLogger('silent', 'redis-down'),
  );
});

afterAll(async () => {
  await broker?.close();
});

describe('Redis unavailable', () => {
  it('/ready is 200 with Redis up (and NATS not configured)', async () => {
    const ready = await fetch(`http://127.0.0.1:${broker.httpPort}/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { info?: Record<string, unknown> };
    expect(body.info).toMatchObject({ redis: { status: 'up' }, nats: { status: 'up' } });
  });

  it('persistent sessions get CONNACK 0x03 within seconds; clean sessions still connect', async () => {
    expect((await connack('before', false)).code).toBe(0);
    await redis.stop();
    const persistent = await connack('needs-redis', false);
    expect(persistent.code).toBe(3);
    expect(persistent.ms).toBeLessThan(10_000);
    expect((await connack('clean-one', true)).code).toBe(0);
  }, 40_000);

  it('/ready reports the broker not ready, naming redis; /health stays up', async () => {
    const ready = await fetch(`http://127.0.0.1:${broker.httpPort}/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { error?: Record<string, { status: string }> };
    expect(body.error?.['redis']?.status).toBe('down');
    expect((await fetch(`http://127.0.0.1:${broker.httpPort}/health`)).status).toBe(200);
  });
});
