import { PacketType, type PingreqPacket, type PingrespPacket } from '../../types';
import type { Reader } from '../../wire/reader';

// Shared immutable instances: these packets carry no data.
const PINGREQ: PingreqPacket = Object.freeze({ type: PacketType.PINGREQ });
const PINGRESP: PingrespPacket = Object.freeze({ type: PacketType.PINGRESP });

/** PINGREQ (3.12), all versions: no body. */
export function decodePingreq(r: Reader): PingreqPacket {
  r.expectEnd('pingreq');
  return PINGREQ;
}

/** PINGRESP (3.13), all versions: no body. */
export function decodePingresp(r: Reader): PingrespPacket {
  r.expectEnd('pingresp');
  return PINGRESP;
}
