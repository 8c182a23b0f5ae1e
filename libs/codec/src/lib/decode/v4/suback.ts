import { SUBACK_RETURN_CODES_V4 } from '../../reason-codes';
import { PacketType, type SubackPacket } from '../../types';
import type { Reader } from '../../wire/reader';
import { readReasonCodes } from '../shared/reason-codes';

/**
 * SUBACK (3.9), MQTT 3.1 / 3.1.1: packet id, one return code per filter; [MQTT-3.9.3-2] codes
 * other than 0x00, 0x01, 0x02 and 0x80 are reserved.
 */
export function decodeSubackV4(r: Reader): SubackPacket {
  const packetId = r.packetId('suback.packetId');
  const reasonCodes = readReasonCodes(
    r,
    SUBACK_RETURN_CODES_V4,
    'suback.reasonCode',
    'suback.reasonCodes',
  );
  return { type: PacketType.SUBACK, packetId, reasonCodes, properties: undefined };
}
