import { BrokerConfig, loadConfig } from '@mithqtt/config';
import { createLogger, type RunningBroker, startEmbedded } from '@mithqtt/server';
import { afterAll, beforeAll } from 'vitest';

/** Settings as environment strings, exactly as an operator would set them. */
export type BrokerEnv = Partial<Record<keyof BrokerConfig, string>>;

/** Starts an embedded broker on free ports of 127.0.0.1 (port 0: the OS picks). */
export function startBroker(env: BrokerEnv = {}): Promise<RunningBroker> {
  const config = loadConfig(BrokerConfig, {
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    ...env,
  });
  // E2E_LOG_LEVEL=debug shows the broker's side of a failing test.
  return startEmbedded(config, createLogger(process.env['E2E_LOG_LEVEL'] ?? 'silent', 'e2e'));
}

export interface BrokerHandle {
  /** The bound MQTT port (valid inside tests, after beforeAll). */
  readonly port: number;
  /** The bound HTTP API port (health, metrics). */
  readonly httpPort: number;
  readonly running: RunningBroker;
}

/**
 * One broker for the enclosing `describe` (or file): started before its tests, closed after.
 * Tests keep apart by client ids and topics, not by brokers, so a file usually needs one.
 */
export function useBroker(env: BrokerEnv = {}): BrokerHandle {
  let running: RunningBroker | undefined;
  beforeAll(async () => {
    running = await startBroker(env);
  });
  afterAll(async () => {
    await running?.close();
  });
  const get = (): RunningBroker => {
    if (!running) throw new Error('broker not started: use it inside a test');
    return running;
  };
  return {
    get port() {
      return get().mqttPort;
    },
    get httpPort() {
      return get().httpPort;
    },
    get running() {
      return get();
    },
  };
}
