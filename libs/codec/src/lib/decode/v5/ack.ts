import { MqttCodecError } from '../../errors';
import { readProperties } from '../../properties/decode';
import { PUBACK_REASON_CODES, PUBREL_REASON_CODES } from '../../reason-codes';
import { type AckPacket, PacketType } from '../../types';
import type { Reader } from '../../wire/reader';
import { ACK_NAME, ACK_PACKET_ID, ACK_PROPERTIES, ACK_REASON } from '../shared/ack-fields';

/**
 * PUBACK, PUBREC, PUBREL, PUBCOMP (3.4-3.7), MQTT 5.0: packet id, then an optional reason code
 * and optional properties. Remaining Length 2 means Success with no properties (3.4.2.1), below
 * 4 means no properties (3.4.2.2); `reasonCode` is always set on the result.
 */
export function decodeAckV5(r: Reader, type: AckPacket['type']): AckPacket {
  const packetId = r.packetId(ACK_PACKET_ID[type] as string);
  let reasonCode = 0;
  let properties;
  if (r.remaining() > 0) {
    const field = ACK_REASON[type] as string;
    reasonCode = r.u8(field);
    const allowed =
      type === PacketType.PUBREL || type === PacketType.PUBCOMP
        ? PUBREL_REASON_CODES
        : PUBACK_REASON_CODES;
    if (allowed[reasonCode] !== 1) {
      throw new MqttCodecError('INVALID_REASON_CODE', field, undefined, reasonCode);
    }
    if (r.remaining() > 0) properties = readProperties(r, type, ACK_PROPERTIES[type] as string);
  }
  r.expectEnd(ACK_NAME[type] as string);
  return { type, packetId, reasonCode, properties };
}
