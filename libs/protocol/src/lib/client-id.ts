import { randomBytes } from 'node:crypto';

/** A server-assigned client id [MQTT-3.1.3-6]: unique, and recognisable in logs. */
export function assignClientId(): string {
  return `auto-${randomBytes(9).toString('base64url')}`;
}
