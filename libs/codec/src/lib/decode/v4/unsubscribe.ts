import { MqttCodecError } from '../../errors';
import { PacketType, type UnsubackPacket, type UnsubscribePacket } from '../../types';
import type { Reader } from '../../wire/reader';

/** UNSUBSCRIBE (3.10), MQTT 3.1 / 3.1.1: packet id, at least one filter [MQTT-3.10.3-2]. */
export function decodeUnsubscribeV4(r: Reader): UnsubscribePacket {
  const packetId = r.packetId('unsubscribe.packetId');
  const topicFilters: string[] = [];
  while (r.remaining() > 0) topicFilters.push(r.utf8('unsubscribe.topicFilter'));
  if (topicFilters.length === 0) {
    throw new MqttCodecError('EMPTY_UNSUBSCRIPTION_LIST', 'unsubscribe.topicFilters');
  }
  return { type: PacketType.UNSUBSCRIBE, packetId, topicFilters, properties: undefined };
}

/** UNSUBACK (3.11), MQTT 3.1 / 3.1.1: exactly a packet id. */
export function decodeUnsubackV4(r: Reader): UnsubackPacket {
  const packetId = r.packetId('unsuback.packetId');
  r.expectEnd('unsuback');
  return { type: PacketType.UNSUBACK, packetId };
}
