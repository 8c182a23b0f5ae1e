import { MqttCodecError } from '../errors';
import { readProperties } from '../properties/decode';
import { UNSUBACK_REASON_CODES } from '../reason-codes';
import {
  PacketType,
  type ProtocolVersion,
  type UnsubackPacket,
  type UnsubscribePacket,
} from '../types';
import type { Reader } from '../wire/reader';

/** UNSUBSCRIBE (3.10): packet id, v5 properties, at least one filter [MQTT-3.10.3-2]. */
export function decodeUnsubscribe(r: Reader, version: ProtocolVersion): UnsubscribePacket {
  const packetId = r.packetId('unsubscribe.packetId');
  const properties =
    version === 5
      ? readProperties(r, PacketType.UNSUBSCRIBE, 'unsubscribe.properties.length')
      : undefined;
  const topicFilters: string[] = [];
  while (r.remaining() > 0) topicFilters.push(r.utf8('unsubscribe.topicFilter'));
  if (topicFilters.length === 0) {
    throw new MqttCodecError('EMPTY_UNSUBSCRIPTION_LIST', 'unsubscribe.topicFilters');
  }
  return { type: PacketType.UNSUBSCRIBE, packetId, topicFilters, properties };
}

/** UNSUBACK (3.11): packet id; in v5 properties and one reason code per filter. */
export function decodeUnsuback(r: Reader, version: ProtocolVersion): UnsubackPacket {
  const packetId = r.packetId('unsuback.packetId');
  if (version !== 5) {
    r.expectEnd('unsuback');
    return { type: PacketType.UNSUBACK, packetId };
  }
  const properties = readProperties(r, PacketType.UNSUBACK, 'unsuback.properties.length');
  const reasonCodes: number[] = [];
  while (r.remaining() > 0) {
    const code = r.u8('unsuback.reasonCode');
    if (UNSUBACK_REASON_CODES[code] !== 1) {
      throw new MqttCodecError('INVALID_REASON_CODE', 'unsuback.reasonCode', undefined, code);
    }
    reasonCodes.push(code);
  }
  if (reasonCodes.length === 0)
    throw new MqttCodecError('EMPTY_REASON_CODE_LIST', 'unsuback.reasonCodes');
  return { type: PacketType.UNSUBACK, packetId, reasonCodes, properties };
}
