import { PacketType } from '@mithqtt/codec';
import type { Channel } from '../channel';

/** PINGREQ: [MQTT-3.12.4-1] answer with PINGRESP. */
export function handlePingreq(ch: Channel): void {
  ch.host.send({ type: PacketType.PINGRESP });
}
