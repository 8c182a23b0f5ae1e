import type { AckPacket } from '../../types';
import type { Reader } from '../../wire/reader';
import { ACK_NAME, ACK_PACKET_ID } from '../shared/ack-fields';

/** PUBACK, PUBREC, PUBREL, PUBCOMP (3.4-3.7), MQTT 3.1 / 3.1.1: exactly a packet id. */
export function decodeAckV4(r: Reader, type: AckPacket['type']): AckPacket {
  const packetId = r.packetId(ACK_PACKET_ID[type] as string);
  r.expectEnd(ACK_NAME[type] as string);
  return { type, packetId };
}
