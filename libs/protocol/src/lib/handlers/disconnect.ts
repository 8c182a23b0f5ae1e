import type { Channel } from '../channel';

/** DISCONNECT: [MQTT-3.14.4-3] the will is discarded; [MQTT-3.14.4-1] the server closes. */
export function handleDisconnect(ch: Channel): void {
  ch.will = undefined;
  ch.closeWith('client-disconnect');
}
