import { randomBytes } from 'node:crypto';

let counter = 0;

/** A client id no other test uses (MQTT 3.1 allows at most 23 characters: keep prefixes short). */
export function uniqueId(prefix: string): string {
  counter++;
  return `${prefix.slice(0, 8)}-${counter}-${randomBytes(3).toString('hex')}`.slice(0, 23);
}

/** One topic level no other test uses (for topics that cannot live under the `e2e/` prefix). */
export function uniqueLevel(): string {
  counter++;
  return `t${counter}${randomBytes(3).toString('hex')}`;
}

/** A topic under a prefix of its own, so retained messages and subscriptions never leak between tests. */
export function uniqueTopic(...levels: string[]): string {
  return ['e2e', uniqueLevel(), ...levels].join('/');
}
