import pino, { type Logger } from 'pino';

/**
 * The process logger (JSON lines). Credentials are redacted by path as a second line of
 * defence: no code path is meant to log them in the first place.
 */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['password', '*.password', 'request.password'], censor: '[redacted]' },
  });
}
