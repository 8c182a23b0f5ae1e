import { type DisconnectPacket, PacketType } from '../../types';
import type { Reader } from '../../wire/reader';

/** DISCONNECT (3.14), MQTT 3.1 / 3.1.1: no body. */
export function decodeDisconnectV4(r: Reader): DisconnectPacket {
  r.expectEnd('disconnect');
  return { type: PacketType.DISCONNECT };
}
