import { readProperties } from '../../properties/decode';
import { SUBACK_REASON_CODES } from '../../reason-codes';
import { PacketType, type SubackPacket } from '../../types';
import type { Reader } from '../../wire/reader';
import { readReasonCodes } from '../shared/reason-codes';

/** SUBACK (3.9), MQTT 5.0: packet id, properties, one reason code per filter (3.9.3). */
export function decodeSubackV5(r: Reader): SubackPacket {
  const packetId = r.packetId('suback.packetId');
  const properties = readProperties(r, PacketType.SUBACK, 'suback.properties.length');
  const reasonCodes = readReasonCodes(
    r,
    SUBACK_REASON_CODES,
    'suback.reasonCode',
    'suback.reasonCodes',
  );
  return { type: PacketType.SUBACK, packetId, reasonCodes, properties };
}
