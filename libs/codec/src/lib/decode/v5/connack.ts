import { MqttCodecError } from '../../errors';
import { readProperties } from '../../properties/decode';
import { CONNACK_REASON_CODES } from '../../reason-codes';
import { type ConnackPacket, PacketType } from '../../types';
import type { Reader } from '../../wire/reader';

/**
 * CONNACK (3.2), MQTT 5.0: acknowledge flags (bits 7-1 reserved, 3.2.2.1.1), a CONNACK reason
 * code (3.2.2.2) and properties.
 */
export function decodeConnackV5(r: Reader): ConnackPacket {
  const flags = r.u8('connack.flags');
  if ((flags & 0xfe) !== 0) throw new MqttCodecError('RESERVED_BIT_SET', 'connack.flags');
  const reasonCode = r.u8('connack.reasonCode');
  if (CONNACK_REASON_CODES[reasonCode] !== 1) {
    throw new MqttCodecError('INVALID_REASON_CODE', 'connack.reasonCode', undefined, reasonCode);
  }
  const properties = readProperties(r, PacketType.CONNACK, 'connack.properties.length');
  r.expectEnd('connack');
  return { type: PacketType.CONNACK, sessionPresent: (flags & 1) === 1, reasonCode, properties };
}
