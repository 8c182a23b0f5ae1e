import { freePort } from '@mithqtt/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  type App,
  buildApp,
  EXIT_TIMEOUT_MS,
  logLines,
  PROCESS_TEST_TIMEOUT_MS,
  spawnApp,
  startApp,
} from './support/app-process';
import { readMetric } from './support/metrics';
import { connectClient } from './support/mqtt-client';
import { uniqueTopic } from './support/names';

beforeAll(() => buildApp(), 120_000);

describe('a running app', () => {
  let app: App;

  beforeAll(async () => {
    app = await startApp();
  }, PROCESS_TEST_TIMEOUT_MS);

  afterAll(async () => {
    await app?.child.stop();
  });

  it('logs the address of each listener', () => {
    const lines = logLines(app.child);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'MQTT listener ready (tcp)',
        host: '127.0.0.1',
        port: app.mqttPort,
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'HTTP API ready', host: '127.0.0.1', port: app.httpPort }),
    );
  });

  it.each(['/health', '/ready'])('answers GET %s with 200 and status ok', async (path) => {
    const res = await fetch(`http://127.0.0.1:${app.httpPort}${path}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('routes messages between MQTT clients', async () => {
    const topic = uniqueTopic();
    const sub = await connectClient(app.mqttPort);
    await sub.subscribe(topic, 1);
    const pub = await connectClient(app.mqttPort);
    await pub.publish(topic, 'through the real process', { qos: 1 });
    expect((await sub.messages.next()).text).toBe('through the real process');
  });

  it('answers GET /metrics with 200 and Prometheus text whose counters see the traffic', async () => {
    const before = await readMetric(app.httpPort, 'mithqtt_messages_received_total');
    const pub = await connectClient(app.mqttPort);
    await pub.publish(uniqueTopic(), 'counted', { qos: 1 }); // PUBACK: the broker has taken it
    const res = await fetch(`http://127.0.0.1:${app.httpPort}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(/^# HELP mithqtt_connections /m);
    expect(await readMetric(app.httpPort, 'mithqtt_messages_received_total')).toBe(before + 1);
  });
});

describe('process lifecycle', () => {
  it(
    'SIGINT shuts down gracefully: connected clients see the close, exit code 0',
    async () => {
      const app = await startApp();
      onTestFinished(() => app.child.stop());
      const client = await connectClient(app.mqttPort);
      app.child.kill('SIGINT');
      await client.closed;
      expect(await app.child.waitForExit(EXIT_TIMEOUT_MS), app.child.output).toEqual({
        code: 0,
        signal: null,
      });
      expect(logLines(app.child)).toContainEqual(
        expect.objectContaining({ msg: 'shutting down', signal: 'SIGINT' }),
      );
      await expect(fetch(`http://127.0.0.1:${app.httpPort}/health`)).rejects.toThrow();
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    'an invalid setting (MQTT_PORT=abc) stops start-up with a non-zero exit naming the setting',
    async () => {
      const child = spawnApp({ MQTT_PORT: 'abc', HTTP_PORT: String(await freePort()) });
      onTestFinished(() => child.stop());
      const exit = await child.waitForExit(EXIT_TIMEOUT_MS);
      expect(exit.signal, child.output).toBe(null);
      expect(exit.code, child.output).toBeGreaterThan(0);
      expect(child.stderr).toMatch(/MQTT_PORT/);
      expect(child.stdout).not.toMatch(/listener ready/);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});
