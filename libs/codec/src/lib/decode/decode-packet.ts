import { MqttCodecError } from '../errors';
import { type Packet, PacketType, type ProtocolVersion } from '../types';
import type { Reader } from '../wire/reader';
import { decodeV4 } from './v4/index';
import { decodeV5 } from './v5/index';

/**
 * Required fixed-header flag nibble per packet type [MQTT-2.1.3-1]; -1 for PUBLISH, whose
 * flags carry DUP/QoS/RETAIN. PUBREL, SUBSCRIBE and UNSUBSCRIBE must be 0b0010 [MQTT-3.6.1-1,
 * MQTT-3.8.1-1, MQTT-3.10.1-1].
 */
const REQUIRED_FLAGS = [-2, 0, 0, -1, 0, 0, 2, 0, 2, 0, 2, 0, 0, 0, 0, 0] as const;

/**
 * Checks the first byte alone, so garbage is refused before any body is buffered (the parser
 * calls it for every packet before reading the Remaining Length).
 */
export function checkFirstByte(byte1: number, version: ProtocolVersion): void {
  const type = byte1 >> 4;
  // Type 0 is reserved; AUTH (15) exists only in MQTT 5.
  if (type === 0 || (type === PacketType.AUTH && version !== 5)) {
    throw new MqttCodecError('INVALID_PACKET_TYPE', 'fixedHeader.type', undefined, type);
  }
  if (type === PacketType.PUBLISH) {
    // [MQTT-3.3.1-4] QoS 3 (both QoS bits set) is malformed.
    if ((byte1 & 0x06) === 0x06)
      throw new MqttCodecError('INVALID_QOS', 'publish.qos', undefined, 3);
    // [MQTT-3.3.1-2] DUP must be 0 for QoS 0.
    if ((byte1 & 0x0e) === 0x08) {
      throw new MqttCodecError('INVALID_FIXED_HEADER_FLAGS', 'publish.dup');
    }
    return;
  }
  const required = REQUIRED_FLAGS[type] as number;
  if (required >= 0 && (byte1 & 0x0f) !== required) {
    throw new MqttCodecError(
      'INVALID_FIXED_HEADER_FLAGS',
      'fixedHeader.flags',
      undefined,
      byte1 & 0x0f,
    );
  }
}

/**
 * Decodes the body in `r` (bounded to the packet) of a packet whose first byte `byte1` passed
 * checkFirstByte, with the decoders of the protocol family: decode/v4 (3.1 and 3.1.1) or
 * decode/v5. CONNECT is self-describing and decoded the same way from either.
 */
export function decodePacket(byte1: number, r: Reader, version: ProtocolVersion): Packet {
  const type = (byte1 >> 4) as PacketType;
  if (version === 5) return decodeV5(type, byte1, r);
  // checkFirstByte refused AUTH outside MQTT 5.
  return decodeV4(type as Exclude<PacketType, 15>, byte1, r);
}
