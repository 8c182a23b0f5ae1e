import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Child } from './process';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const MAIN = 'dist/apps/embedded/main.js';
/**
 * Generous: loading the bundle's dependencies takes ~1 s on a quiet machine but over 5 s on this
 * 2-core one while benchmarks run next to the tests.
 */
export const START_TIMEOUT_MS = 30_000;
export const EXIT_TIMEOUT_MS = 25_000;
/** Per test: a process start plus its shutdown. */
export const PROCESS_TEST_TIMEOUT_MS = 70_000;

const built = new Map<string, Promise<unknown>>();

/** Builds an app once per test run, exactly as `npm start` (or its Dockerfile) builds it. */
export function buildApp(app = 'embedded'): Promise<unknown> {
  let build = built.get(app);
  if (!build) {
    build = promisify(execFile)(process.execPath, ['tools/build/build-app.mjs', app], {
      cwd: ROOT,
    });
    built.set(app, build);
  }
  return build;
}

/**
 * Another app of the deployment (`node dist/apps/<app>/main.js`), settings in env. Its HTTP
 * listener (every app has one) binds a port the OS picks, logged in its `HTTP ready` line:
 * replicas on one machine would otherwise fight over the app's default port.
 */
export function spawnService(app: string, env: Record<string, string>): Child {
  return new Child(process.execPath, [`${ROOT}dist/apps/${app}/main.js`], {
    PATH: process.env['PATH'],
    LOG_LEVEL: 'info',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    ...env,
  });
}

/** The app as an operator runs it: `node dist/apps/embedded/main.js` with settings in env. */
export function spawnApp(env: Record<string, string>, main = MAIN): Child {
  return new Child(process.execPath, [`${ROOT}${main}`], {
    PATH: process.env['PATH'],
    LOG_LEVEL: 'info',
    MQTT_HOST: '127.0.0.1',
    HTTP_HOST: '127.0.0.1',
    ...env,
  });
}

export interface App {
  readonly child: Child;
  readonly mqttPort: number;
  readonly httpPort: number;
}

/**
 * Starts the app on ports the OS picks (0) and reads the bound ports from its own log lines:
 * picking a "free" port first and binding it later races with other sockets on the machine
 * (a CI run once lost that race with EADDRINUSE).
 */
export async function startApp(env: Record<string, string> = {}, app = 'embedded'): Promise<App> {
  const child = spawnApp({ MQTT_PORT: '0', HTTP_PORT: '0', ...env }, `dist/apps/${app}/main.js`);
  await child.waitFor(/MQTT listener ready/, START_TIMEOUT_MS);
  await child.waitFor(/HTTP API ready/, START_TIMEOUT_MS);
  const port = (msg: string): number => {
    const line = logLines(child).find((l) => l['msg'] === msg);
    const value = line?.['port'];
    if (typeof value !== 'number' || value === 0)
      throw new Error(`no bound port in the "${msg}" log line`);
    return value;
  };
  return { child, mqttPort: port('MQTT listener ready (tcp)'), httpPort: port('HTTP API ready') };
}

/** The app's JSON log lines (pino). */
export function logLines(child: Child): Record<string, unknown>[] {
  return child.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
