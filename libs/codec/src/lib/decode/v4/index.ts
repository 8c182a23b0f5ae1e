import { type Packet, PacketType } from '../../types';
import type { Reader } from '../../wire/reader';
import { decodeConnect } from '../shared/connect';
import { decodePingreq, decodePingresp } from '../shared/ping';
import { decodeAckV4 } from './ack';
import { decodeConnackV4 } from './connack';
import { decodeDisconnectV4 } from './disconnect';
import { decodePublishV4 } from './publish';
import { decodeSubackV4 } from './suback';
import { decodeSubscribeV4 } from './subscribe';
import { decodeUnsubackV4, decodeUnsubscribeV4 } from './unsubscribe';

/**
 * MQTT 3.1 and 3.1.1 body decoders (the two differ only in CONNECT's protocol name/level).
 * `type` is never AUTH here: checkFirstByte refuses type 15 outside MQTT 5.
 */
export function decodeV4(type: Exclude<PacketType, 15>, byte1: number, r: Reader): Packet {
  switch (type) {
    case PacketType.PUBLISH:
      return decodePublishV4(r, byte1 & 0x0f);
    case PacketType.PUBACK:
    case PacketType.PUBREC:
    case PacketType.PUBREL:
    case PacketType.PUBCOMP:
      return decodeAckV4(r, type);
    case PacketType.CONNECT:
      return decodeConnect(r);
    case PacketType.CONNACK:
      return decodeConnackV4(r);
    case PacketType.SUBSCRIBE:
      return decodeSubscribeV4(r);
    case PacketType.SUBACK:
      return decodeSubackV4(r);
    case PacketType.UNSUBSCRIBE:
      return decodeUnsubscribeV4(r);
    case PacketType.UNSUBACK:
      return decodeUnsubackV4(r);
    case PacketType.PINGREQ:
      return decodePingreq(r);
    case PacketType.PINGRESP:
      return decodePingresp(r);
    case PacketType.DISCONNECT:
      return decodeDisconnectV4(r);
  }
}
