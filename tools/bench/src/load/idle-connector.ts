import { BenchClient } from '../client/bench-client';
import type { IdleCommand } from '../worker/messages';

export interface IdleOutcome {
  readonly clients: BenchClient[];
  readonly failed: number;
  readonly firstError?: string;
}

/** Keepalive long enough that no PINGREQ is due while the connections sit idle. */
const IDLE_KEEPALIVE_S = 600;

/**
 * Opens `count` connections, each with one QoS 1 subscription to its own topic, keeping at most
 * `concurrency` handshakes (CONNECT + SUBSCRIBE) in flight. Source addresses rotate over
 * `localAddresses` so large counts do not exhaust the ephemeral ports of one address.
 */
export async function connectIdle(cmd: IdleCommand): Promise<IdleOutcome> {
  const clients: BenchClient[] = [];
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  const one = async (i: number): Promise<void> => {
    const index = cmd.firstIndex + i;
    const addresses = cmd.localAddresses;
    try {
      const client = await BenchClient.connect({
        host: cmd.target.host,
        port: cmd.target.port,
        clientId: `${cmd.prefix}${index}`,
        keepAlive: IDLE_KEEPALIVE_S,
        decoder: cmd.client,
        localAddress: addresses.length > 0 ? addresses[index % addresses.length] : undefined,
        timeoutMs: 20_000,
      });
      clients.push(client);
      await client.subscribe(`bench/idle/${cmd.prefix}/${index}`, 1);
    } catch (e: unknown) {
      failed++;
      firstError ??= e instanceof Error ? e.message : String(e);
    }
  };
  const lane = async (): Promise<void> => {
    while (next < cmd.count) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(cmd.concurrency, cmd.count) }, lane));
  return { clients, failed, firstError };
}
