import { MqttCodecError } from '../errors';
import { readProperties } from '../properties/decode';
import { CONNACK_REASON_CODES, CONNACK_RETURN_CODES_V4 } from '../reason-codes';
import { type ConnackPacket, PacketType, type ProtocolVersion } from '../types';
import type { Reader } from '../wire/reader';

/** CONNACK (3.2): acknowledge flags (bits 7-1 reserved [MQTT-3.2.2-1 in v5]), code, v5 properties. */
export function decodeConnack(r: Reader, version: ProtocolVersion): ConnackPacket {
  const flags = r.u8('connack.flags');
  if ((flags & 0xfe) !== 0) throw new MqttCodecError('RESERVED_BIT_SET', 'connack.flags');
  const reasonCode = r.u8('connack.reasonCode');
  const allowed = version === 5 ? CONNACK_REASON_CODES : CONNACK_RETURN_CODES_V4;
  if (allowed[reasonCode] !== 1) {
    throw new MqttCodecError('INVALID_REASON_CODE', 'connack.reasonCode', undefined, reasonCode);
  }
  const properties =
    version === 5 ? readProperties(r, PacketType.CONNACK, 'connack.properties.length') : undefined;
  r.expectEnd('connack');
  return { type: PacketType.CONNACK, sessionPresent: (flags & 1) === 1, reasonCode, properties };
}
