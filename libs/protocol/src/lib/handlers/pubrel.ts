import { type AckPacket, PacketType } from '@mithqtt/codec';
import type { Channel } from '../channel';

/** PUBREL: release a QoS 2 id and answer PUBCOMP [MQTT-4.3.3-2], also for an unknown id (a re-sent PUBREL after our PUBCOMP was lost). */
export function handlePubrel(ch: Channel, packet: AckPacket): void {
  ch.session?.release(packet.packetId);
  ch.host.send({ type: PacketType.PUBCOMP, packetId: packet.packetId });
}
