/**
 * The operations endpoints of a service app process (auth, retain, session) as its tests see
 * them: the port comes from the app's own log, since tests run it with HTTP_PORT=0.
 */

/** The bound port in the `HTTP ready` line of a pino JSON log, or undefined before it. */
export function httpReadyPort(log: string): number | undefined {
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: unknown; port?: unknown };
    if (entry.msg === 'HTTP ready' && typeof entry.port === 'number') return entry.port;
  }
  return undefined;
}

export interface ProbeAnswer {
  readonly status: number;
  readonly body: string;
}

/** GET `path` on 127.0.0.1:`port` (where the tests bind the apps). */
export async function probe(port: number, path: string): Promise<ProbeAnswer> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

/**
 * Polls GET `path` until it answers `status` (readiness follows a connection's state, which
 * changes on the client library's clock), or fails with the last answer.
 */
export async function probeUntil(
  port: number,
  path: string,
  status: number,
  timeoutMs = 5000,
): Promise<ProbeAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe(port, path);
    if (answer.status === status) return answer;
    if (Date.now() > deadline) {
      throw new Error(`GET ${path}: ${answer.status} ${answer.body}, not ${status} in time`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Checks what an orchestrator checks of a healthy replica: `/health` 200, and `/ready` 200
 * with its NATS and Redis checks up. Throws with the answers otherwise.
 */
export async function expectLiveAndReady(port: number): Promise<void> {
  const live = await probe(port, '/health');
  const ready = await probe(port, '/ready');
  const checks = (JSON.parse(ready.body) as { details?: Record<string, { status?: string }> })
    .details;
  if (
    live.status !== 200 ||
    ready.status !== 200 ||
    checks?.['nats']?.status !== 'up' ||
    checks['redis']?.status !== 'up'
  ) {
    throw new Error(
      `not live and ready: /health ${live.status} ${live.body}; /ready ${ready.status} ${ready.body}`,
    );
  }
}
