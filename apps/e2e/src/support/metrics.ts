import { ARRIVAL_TIMEOUT_MS } from './inbox';

/** One sample of the broker's Prometheus endpoint (GET /metrics), by metric name (no labels). */
export async function readMetric(httpPort: number, name: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/metrics`);
  if (res.status !== 200) throw new Error(`GET /metrics: ${res.status}`);
  const text = await res.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`metric ${name} not exported`);
  return Number(line.slice(name.length + 1));
}

/**
 * Polls /metrics until `name` satisfies `check`: for state the broker changes on its own clock
 * (expiry sweeps) with no protocol event to wait for.
 */
export async function waitForMetric(
  httpPort: number,
  name: string,
  check: (value: number) => boolean,
  timeoutMs = ARRIVAL_TIMEOUT_MS,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await readMetric(httpPort, name);
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${name} = ${value} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
