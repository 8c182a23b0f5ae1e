import { ACK_PACKET_ID, ACK_REASON } from '../decode/shared/ack-fields';
import { checkPacketId, checkQoS, checkReasonCode, stringLength } from './checks';
import { MqttCodecError } from '../errors';
import {
  AUTH_REASON_CODES,
  CONNACK_REASON_CODES,
  CONNACK_RETURN_CODES_V4,
  DISCONNECT_REASON_CODES,
  PUBACK_REASON_CODES,
  PUBREL_REASON_CODES,
  SUBACK_REASON_CODES,
  SUBACK_RETURN_CODES_V4,
  UNSUBACK_REASON_CODES,
} from '../reason-codes';
import { type Packet, PacketType, type Properties, type ProtocolVersion } from '../types';
import { vbiSize, writeU16, writeUtf8 } from '../wire/writer';
import { propertiesLength, writeProperties } from './properties';

/**
 * Every packet except PUBLISH and CONNECT. `plan` validates and returns the Remaining Length;
 * `write` writes the body. Property lengths are carried in a module variable between the two
 * calls (they run back to back), so acks allocate nothing but their output buffer.
 */
let propsLength = 0;

/** v5 optional reason code + properties tail (acks, DISCONNECT, AUTH): 0, 1 or 1+props bytes. */
function tailLength(
  code: number | undefined,
  props: Properties | undefined,
  ctx: PacketType,
): number {
  propsLength = propertiesLength(props, ctx);
  if (propsLength > 0) return 1 + vbiSize(propsLength) + propsLength;
  return code !== undefined && code !== 0 ? 1 : 0;
}

export function planControl(p: Exclude<Packet, { type: 1 | 3 }>, version: ProtocolVersion): number {
  switch (p.type) {
    case PacketType.CONNACK: {
      checkReasonCode(
        p.reasonCode,
        version === 5 ? CONNACK_REASON_CODES : CONNACK_RETURN_CODES_V4,
        'connack.reasonCode',
      );
      if (version !== 5) return 2;
      propsLength = propertiesLength(p.properties, PacketType.CONNACK);
      return 2 + vbiSize(propsLength) + propsLength;
    }
    case PacketType.PUBACK:
    case PacketType.PUBREC:
    case PacketType.PUBREL:
    case PacketType.PUBCOMP: {
      // Field names as the decoder reports them: puback.packetId, pubrel.reasonCode ...
      checkPacketId(p.packetId, ACK_PACKET_ID[p.type] as string);
      if (version !== 5) return 2;
      if (p.reasonCode !== undefined) {
        const allowed =
          p.type === PacketType.PUBREL || p.type === PacketType.PUBCOMP
            ? PUBREL_REASON_CODES
            : PUBACK_REASON_CODES;
        checkReasonCode(p.reasonCode, allowed, ACK_REASON[p.type] as string);
      }
      return 2 + tailLength(p.reasonCode, p.properties, p.type);
    }
    case PacketType.SUBSCRIBE: {
      checkPacketId(p.packetId, 'subscribe.packetId');
      if (p.subscriptions.length === 0)
        throw new MqttCodecError('EMPTY_SUBSCRIPTION_LIST', 'subscribe.subscriptions');
      let n = 2;
      for (const s of p.subscriptions) {
        checkQoS(s.qos, 'subscribe.options');
        if ((s.retainHandling as number | undefined) === 3)
          throw new MqttCodecError('INVALID_RETAIN_HANDLING', 'subscribe.options');
        n += 2 + stringLength(s.topicFilter, 'subscribe.topicFilter') + 1;
      }
      if (version === 5) {
        propsLength = propertiesLength(p.properties, PacketType.SUBSCRIBE);
        n += vbiSize(propsLength) + propsLength;
      }
      return n;
    }
    case PacketType.SUBACK: {
      checkPacketId(p.packetId, 'suback.packetId');
      if (p.reasonCodes.length === 0)
        throw new MqttCodecError('EMPTY_REASON_CODE_LIST', 'suback.reasonCodes');
      const allowed = version === 5 ? SUBACK_REASON_CODES : SUBACK_RETURN_CODES_V4;
      for (const c of p.reasonCodes) checkReasonCode(c, allowed, 'suback.reasonCode');
      let n = 2 + p.reasonCodes.length;
      if (version === 5) {
        propsLength = propertiesLength(p.properties, PacketType.SUBACK);
        n += vbiSize(propsLength) + propsLength;
      }
      return n;
    }
    case PacketType.UNSUBSCRIBE: {
      checkPacketId(p.packetId, 'unsubscribe.packetId');
      if (p.topicFilters.length === 0)
        throw new MqttCodecError('EMPTY_UNSUBSCRIPTION_LIST', 'unsubscribe.topicFilters');
      let n = 2;
      for (const f of p.topicFilters) n += 2 + stringLength(f, 'unsubscribe.topicFilter');
      if (version === 5) {
        propsLength = propertiesLength(p.properties, PacketType.UNSUBSCRIBE);
        n += vbiSize(propsLength) + propsLength;
      }
      return n;
    }
    case PacketType.UNSUBACK: {
      checkPacketId(p.packetId, 'unsuback.packetId');
      if (version !== 5) return 2;
      const codes = p.reasonCodes ?? [];
      if (codes.length === 0)
        throw new MqttCodecError('EMPTY_REASON_CODE_LIST', 'unsuback.reasonCodes');
      for (const c of codes) checkReasonCode(c, UNSUBACK_REASON_CODES, 'unsuback.reasonCode');
      propsLength = propertiesLength(p.properties, PacketType.UNSUBACK);
      return 2 + vbiSize(propsLength) + propsLength + codes.length;
    }
    case PacketType.PINGREQ:
    case PacketType.PINGRESP:
      return 0;
    case PacketType.DISCONNECT:
      if (version !== 5) return 0;
      if (p.reasonCode !== undefined)
        checkReasonCode(p.reasonCode, DISCONNECT_REASON_CODES, 'disconnect.reasonCode');
      return tailLength(p.reasonCode, p.properties, PacketType.DISCONNECT);
    case PacketType.AUTH:
      if (version !== 5)
        throw new MqttCodecError('INVALID_PACKET_TYPE', 'auth', undefined, PacketType.AUTH);
      if (p.reasonCode !== undefined)
        checkReasonCode(p.reasonCode, AUTH_REASON_CODES, 'auth.reasonCode');
      return tailLength(p.reasonCode, p.properties, PacketType.AUTH);
  }
}

/** First byte (type and the flags the spec requires [MQTT-2.1.3-1]). */
export function firstByte(type: PacketType): number {
  return (
    (type << 4) |
    (type === PacketType.PUBREL || type === PacketType.SUBSCRIBE || type === PacketType.UNSUBSCRIBE
      ? 0x02
      : 0)
  );
}

export function writeControl(
  buf: Buffer,
  off: number,
  p: Exclude<Packet, { type: 1 | 3 }>,
  version: ProtocolVersion,
  remaining: number,
): number {
  switch (p.type) {
    case PacketType.CONNACK:
      buf[off++] = p.sessionPresent ? 1 : 0;
      buf[off++] = p.reasonCode;
      if (version === 5) off = writeProperties(buf, off, p.properties, propsLength);
      return off;
    case PacketType.PUBACK:
    case PacketType.PUBREC:
    case PacketType.PUBREL:
    case PacketType.PUBCOMP:
      off = writeU16(buf, off, p.packetId);
      if (version === 5 && remaining > 2) {
        buf[off++] = p.reasonCode ?? 0;
        if (remaining > 3) off = writeProperties(buf, off, p.properties, propsLength);
      }
      return off;
    case PacketType.SUBSCRIBE:
      off = writeU16(buf, off, p.packetId);
      if (version === 5) off = writeProperties(buf, off, p.properties, propsLength);
      for (const s of p.subscriptions) {
        off = writeUtf8(
          buf,
          off,
          s.topicFilter,
          stringLength(s.topicFilter, 'subscribe.topicFilter'),
        );
        let o = s.qos as number;
        if (version === 5) {
          if (s.noLocal) o |= 0x04;
          if (s.retainAsPublished) o |= 0x08;
          o |= (s.retainHandling ?? 0) << 4;
        }
        buf[off++] = o;
      }
      return off;
    case PacketType.SUBACK:
      off = writeU16(buf, off, p.packetId);
      if (version === 5) off = writeProperties(buf, off, p.properties, propsLength);
      for (const c of p.reasonCodes) buf[off++] = c;
      return off;
    case PacketType.UNSUBSCRIBE:
      off = writeU16(buf, off, p.packetId);
      if (version === 5) off = writeProperties(buf, off, p.properties, propsLength);
      for (const f of p.topicFilters)
        off = writeUtf8(buf, off, f, stringLength(f, 'unsubscribe.topicFilter'));
      return off;
    case PacketType.UNSUBACK:
      off = writeU16(buf, off, p.packetId);
      if (version === 5) {
        off = writeProperties(buf, off, p.properties, propsLength);
        for (const c of p.reasonCodes ?? []) buf[off++] = c;
      }
      return off;
    case PacketType.PINGREQ:
    case PacketType.PINGRESP:
      return off;
    case PacketType.DISCONNECT:
    case PacketType.AUTH:
      if (remaining > 0) {
        buf[off++] = p.reasonCode ?? 0;
        if (remaining > 1) off = writeProperties(buf, off, p.properties, propsLength);
      }
      return off;
  }
}
