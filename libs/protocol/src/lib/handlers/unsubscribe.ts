import { PacketType, type UnsubscribePacket } from '@mithqtt/codec';
import type { Channel } from '../channel';

/** UNSUBSCRIBE: [MQTT-3.10.4-1] remove exact filter matches; [MQTT-3.10.4-4/5] always UNSUBACK. */
export function handleUnsubscribe(ch: Channel, packet: UnsubscribePacket): void {
  const session = ch.session;
  if (!session) return;
  for (const filter of packet.topicFilters) {
    if (session.subscriptions.delete(filter)) ch.host.unsubscribe(session, filter);
  }
  ch.host.send({ type: PacketType.UNSUBACK, packetId: packet.packetId });
}
