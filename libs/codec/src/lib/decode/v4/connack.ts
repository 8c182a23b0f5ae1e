import { MqttCodecError } from '../../errors';
import { CONNACK_RETURN_CODES_V4 } from '../../reason-codes';
import { type ConnackPacket, PacketType } from '../../types';
import type { Reader } from '../../wire/reader';

/**
 * CONNACK (3.2), MQTT 3.1 / 3.1.1: acknowledge flags (bits 7-1 reserved, 3.1.1 3.2.2.1) and a
 * return code 0-5 (6-255 are reserved, 3.1.1 Table 3.1). Exactly 2 bytes.
 */
export function decodeConnackV4(r: Reader): ConnackPacket {
  const flags = r.u8('connack.flags');
  if ((flags & 0xfe) !== 0) throw new MqttCodecError('RESERVED_BIT_SET', 'connack.flags');
  const reasonCode = r.u8('connack.reasonCode');
  if (CONNACK_RETURN_CODES_V4[reasonCode] !== 1) {
    throw new MqttCodecError('INVALID_REASON_CODE', 'connack.reasonCode', undefined, reasonCode);
  }
  r.expectEnd('connack');
  return {
    type: PacketType.CONNACK,
    sessionPresent: (flags & 1) === 1,
    reasonCode,
    properties: undefined,
  };
}
