import { MqttCodecError } from '../../errors';
import { readProperties } from '../../properties/decode';
import {
  PacketType,
  type QoS,
  type RetainHandling,
  type SubscribePacket,
  type Subscription,
} from '../../types';
import type { Reader } from '../../wire/reader';

/**
 * SUBSCRIBE (3.8), MQTT 5.0: packet id, properties, then (filter, subscription options) pairs,
 * at least one. Options (3.8.3.1): bits 0-1 QoS, 2 No Local, 3 Retain As Published, 4-5 Retain
 * Handling, 6-7 reserved. No Local on a shared subscription [MQTT-3.8.3-4] and filter syntax
 * are the protocol layer's (per-filter SUBACK codes).
 */
export function decodeSubscribeV5(r: Reader): SubscribePacket {
  const packetId = r.packetId('subscribe.packetId');
  const properties = readProperties(r, PacketType.SUBSCRIBE, 'subscribe.properties.length');
  const subscriptions: Subscription[] = [];
  while (r.remaining() > 0) {
    const topicFilter = r.utf8('subscribe.topicFilter');
    const options = r.u8('subscribe.options');
    const qos = options & 0x03;
    // 3.8.3.1: QoS 3 is a Malformed Packet.
    if (qos === 3) throw new MqttCodecError('INVALID_QOS', 'subscribe.options', undefined, 3);
    // [MQTT-3.8.3-5] reserved bits 6-7 must be 0.
    if ((options & 0xc0) !== 0) throw new MqttCodecError('RESERVED_BIT_SET', 'subscribe.options');
    const retainHandling = (options >> 4) & 0x03;
    // 3.8.3.1: "It is a Protocol Error to send a Retain Handling value of 3".
    if (retainHandling === 3) {
      throw new MqttCodecError('INVALID_RETAIN_HANDLING', 'subscribe.options');
    }
    subscriptions.push({
      topicFilter,
      qos: qos as QoS,
      noLocal: (options & 0x04) !== 0,
      retainAsPublished: (options & 0x08) !== 0,
      retainHandling: retainHandling as RetainHandling,
    });
  }
  // [MQTT-3.8.3-2] (3.1.1: [MQTT-3.8.3-3]) at least one topic filter.
  if (subscriptions.length === 0) {
    throw new MqttCodecError('EMPTY_SUBSCRIPTION_LIST', 'subscribe.subscriptions');
  }
  return { type: PacketType.SUBSCRIBE, packetId, subscriptions, properties };
}
