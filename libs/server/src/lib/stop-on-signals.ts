import type { Logger } from 'pino';

/**
 * SIGINT/SIGTERM run `close` once (a second signal while closing is ignored), then exit 0, or
 * 1 when closing failed. Every app's main uses it, so shutdown behaves the same everywhere.
 */
export function stopOnSignals(close: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    close().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
