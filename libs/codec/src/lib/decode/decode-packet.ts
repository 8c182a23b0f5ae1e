import { MqttCodecError } from '../errors';
import { type Packet, PacketType, type ProtocolVersion } from '../types';
import type { Reader } from '../wire/reader';
import { decodeAck } from './ack';
import { decodeConnack } from './connack';
import { decodeConnect } from './connect';
import { decodeAuth, decodeDisconnect } from './disconnect-auth';
import { decodePublish } from './publish';
import { decodeSuback } from './suback';
import { decodeSubscribe } from './subscribe';
import { decodeUnsuback, decodeUnsubscribe } from './unsubscribe';

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

/** Decodes the body in `r` (bounded to the packet) of a packet whose first byte is `byte1`. */
export function decodePacket(byte1: number, r: Reader, version: ProtocolVersion): Packet {
  const type = (byte1 >> 4) as PacketType;
  switch (type) {
    case PacketType.PUBLISH:
      return decodePublish(r, byte1 & 0x0f, version);
    case PacketType.PUBACK:
    case PacketType.PUBREC:
    case PacketType.PUBREL:
    case PacketType.PUBCOMP:
      return decodeAck(r, type, version);
    case PacketType.CONNECT:
      return decodeConnect(r);
    case PacketType.CONNACK:
      return decodeConnack(r, version);
    case PacketType.SUBSCRIBE:
      return decodeSubscribe(r, version);
    case PacketType.SUBACK:
      return decodeSuback(r, version);
    case PacketType.UNSUBSCRIBE:
      return decodeUnsubscribe(r, version);
    case PacketType.UNSUBACK:
      return decodeUnsuback(r, version);
    case PacketType.PINGREQ:
      r.expectEnd('pingreq');
      return PINGREQ;
    case PacketType.PINGRESP:
      r.expectEnd('pingresp');
      return PINGRESP;
    case PacketType.DISCONNECT:
      return decodeDisconnect(r, version);
    case PacketType.AUTH:
      return decodeAuth(r);
  }
}

// Shared immutable instances: these packets carry no data.
const PINGREQ = Object.freeze({ type: PacketType.PINGREQ });
const PINGRESP = Object.freeze({ type: PacketType.PINGRESP });
