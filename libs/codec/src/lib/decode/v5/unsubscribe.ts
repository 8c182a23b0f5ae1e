import { MqttCodecError } from '../../errors';
import { readProperties } from '../../properties/decode';
import { UNSUBACK_REASON_CODES } from '../../reason-codes';
import { PacketType, type UnsubackPacket, type UnsubscribePacket } from '../../types';
import type { Reader } from '../../wire/reader';
import { readReasonCodes } from '../shared/reason-codes';

/** UNSUBSCRIBE (3.10), MQTT 5.0: packet id, properties, at least one filter [MQTT-3.10.3-2]. */
export function decodeUnsubscribeV5(r: Reader): UnsubscribePacket {
  const packetId = r.packetId('unsubscribe.packetId');
  const properties = readProperties(r, PacketType.UNSUBSCRIBE, 'unsubscribe.properties.length');
  const topicFilters: string[] = [];
  while (r.remaining() > 0) topicFilters.push(r.utf8('unsubscribe.topicFilter'));
  if (topicFilters.length === 0) {
    throw new MqttCodecError('EMPTY_UNSUBSCRIPTION_LIST', 'unsubscribe.topicFilters');
  }
  return { type: PacketType.UNSUBSCRIBE, packetId, topicFilters, properties };
}

/** UNSUBACK (3.11), MQTT 5.0: packet id, properties, one reason code per filter (3.11.3). */
export function decodeUnsubackV5(r: Reader): UnsubackPacket {
  const packetId = r.packetId('unsuback.packetId');
  const properties = readProperties(r, PacketType.UNSUBACK, 'unsuback.properties.length');
  const reasonCodes = readReasonCodes(
    r,
    UNSUBACK_REASON_CODES,
    'unsuback.reasonCode',
    'unsuback.reasonCodes',
  );
  return { type: PacketType.UNSUBACK, packetId, reasonCodes, properties };
}
