import { type Packet, PacketType } from '../../types';
import type { Reader } from '../../wire/reader';
import { decodeConnect } from '../shared/connect';
import { decodePingreq, decodePingresp } from '../shared/ping';
import { decodeAckV5 } from './ack';
import { decodeAuth } from './auth';
import { decodeConnackV5 } from './connack';
import { decodeDisconnectV5 } from './disconnect';
import { decodePublishV5 } from './publish';
import { decodeSubackV5 } from './suback';
import { decodeSubscribeV5 } from './subscribe';
import { decodeUnsubackV5, decodeUnsubscribeV5 } from './unsubscribe';

/** MQTT 5.0 body decoders. */
export function decodeV5(type: PacketType, byte1: number, r: Reader): Packet {
  switch (type) {
    case PacketType.PUBLISH:
      return decodePublishV5(r, byte1 & 0x0f);
    case PacketType.PUBACK:
    case PacketType.PUBREC:
    case PacketType.PUBREL:
    case PacketType.PUBCOMP:
      return decodeAckV5(r, type);
    case PacketType.CONNECT:
      return decodeConnect(r);
    case PacketType.CONNACK:
      return decodeConnackV5(r);
    case PacketType.SUBSCRIBE:
      return decodeSubscribeV5(r);
    case PacketType.SUBACK:
      return decodeSubackV5(r);
    case PacketType.UNSUBSCRIBE:
      return decodeUnsubscribeV5(r);
    case PacketType.UNSUBACK:
      return decodeUnsubackV5(r);
    case PacketType.PINGREQ:
      return decodePingreq(r);
    case PacketType.PINGRESP:
      return decodePingresp(r);
    case PacketType.DISCONNECT:
      return decodeDisconnectV5(r);
    case PacketType.AUTH:
      return decodeAuth(r);
  }
}
