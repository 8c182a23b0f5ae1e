import { MqttCodecError } from '../errors';
import { readProperties } from '../properties/decode';
import { PUBACK_REASON_CODES, PUBREL_REASON_CODES } from '../reason-codes';
import { type AckPacket, PacketType, type ProtocolVersion } from '../types';
import type { Reader } from '../wire/reader';

const FIELD = ['', '', '', '', 'puback', 'pubrec', 'pubrel', 'pubcomp'] as const;
// Field names are built once here, not per packet.
const PACKET_ID = FIELD.map((n) => `${n}.packetId`);
const REASON = FIELD.map((n) => `${n}.reasonCode`);
const PROPS = FIELD.map((n) => `${n}.properties.length`);

/**
 * PUBACK, PUBREC, PUBREL, PUBCOMP (3.4-3.7): a packet id; in v5 an optional reason code and
 * properties (remaining length 2 means success [3.4.2.1]); in 3.1/3.1.1 exactly 2 bytes.
 */
export function decodeAck(r: Reader, type: AckPacket['type'], version: ProtocolVersion): AckPacket {
  const name = FIELD[type];
  const packetId = r.packetId(PACKET_ID[type] as string);
  if (version !== 5) {
    r.expectEnd(name);
    return { type, packetId };
  }
  let reasonCode = 0;
  let properties;
  if (r.remaining() > 0) {
    reasonCode = r.u8(REASON[type] as string);
    const allowed =
      type === PacketType.PUBREL || type === PacketType.PUBCOMP
        ? PUBREL_REASON_CODES
        : PUBACK_REASON_CODES;
    if (allowed[reasonCode] !== 1) {
      throw new MqttCodecError(
        'INVALID_REASON_CODE',
        REASON[type] as string,
        undefined,
        reasonCode,
      );
    }
    if (r.remaining() > 0) properties = readProperties(r, type, PROPS[type] as string);
  }
  r.expectEnd(name);
  return { type, packetId, reasonCode, properties };
}
