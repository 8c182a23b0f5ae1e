import { MqttCodecError } from '../errors';
import { readProperties } from '../properties/decode';
import { SUBACK_REASON_CODES, SUBACK_RETURN_CODES_V4 } from '../reason-codes';
import { PacketType, type ProtocolVersion, type SubackPacket } from '../types';
import type { Reader } from '../wire/reader';

/** SUBACK (3.9): packet id, v5 properties, one return/reason code per filter. */
export function decodeSuback(r: Reader, version: ProtocolVersion): SubackPacket {
  const packetId = r.packetId('suback.packetId');
  const properties =
    version === 5 ? readProperties(r, PacketType.SUBACK, 'suback.properties.length') : undefined;
  const allowed = version === 5 ? SUBACK_REASON_CODES : SUBACK_RETURN_CODES_V4;
  const reasonCodes: number[] = [];
  while (r.remaining() > 0) {
    const code = r.u8('suback.reasonCode');
    if (allowed[code] !== 1)
      throw new MqttCodecError('INVALID_REASON_CODE', 'suback.reasonCode', undefined, code);
    reasonCodes.push(code);
  }
  if (reasonCodes.length === 0)
    throw new MqttCodecError('EMPTY_REASON_CODE_LIST', 'suback.reasonCodes');
  return { type: PacketType.SUBACK, packetId, reasonCodes, properties };
}
