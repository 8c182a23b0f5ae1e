import { MqttCodecError } from '../errors';
import { readProperties } from '../properties/decode';
import {
  PacketType,
  type ProtocolVersion,
  type QoS,
  type RetainHandling,
  type SubscribePacket,
  type Subscription,
} from '../types';
import type { Reader } from '../wire/reader';

/** SUBSCRIBE (3.8): packet id, v5 properties, then (filter, options) pairs, at least one. */
export function decodeSubscribe(r: Reader, version: ProtocolVersion): SubscribePacket {
  const packetId = r.packetId('subscribe.packetId');
  const properties =
    version === 5
      ? readProperties(r, PacketType.SUBSCRIBE, 'subscribe.properties.length')
      : undefined;
  const subscriptions: Subscription[] = [];
  while (r.remaining() > 0) {
    const topicFilter = r.utf8('subscribe.topicFilter');
    const options = r.u8('subscribe.options');
    const qos = options & 0x03;
    // [MQTT-3.8.3-4] (v4) / 3.8.3.1 (v5): QoS 3 is malformed.
    if (qos === 3) throw new MqttCodecError('INVALID_QOS', 'subscribe.options', undefined, 3);
    if (version === 5) {
      // 3.8.3.1: bits 7-6 reserved; retain handling 3 is a protocol error.
      if ((options & 0xc0) !== 0) throw new MqttCodecError('RESERVED_BIT_SET', 'subscribe.options');
      const retainHandling = (options >> 4) & 0x03;
      if (retainHandling === 3)
        throw new MqttCodecError('INVALID_RETAIN_HANDLING', 'subscribe.options');
      subscriptions.push({
        topicFilter,
        qos: qos as QoS,
        noLocal: (options & 0x04) !== 0,
        retainAsPublished: (options & 0x08) !== 0,
        retainHandling: retainHandling as RetainHandling,
      });
    } else {
      // [MQTT-3-8.3-4] 3.1.1: the upper six bits are reserved.
      if ((options & 0xfc) !== 0) throw new MqttCodecError('RESERVED_BIT_SET', 'subscribe.options');
      subscriptions.push({ topicFilter, qos: qos as QoS });
    }
  }
  // [MQTT-3.8.3-3] at least one topic filter.
  if (subscriptions.length === 0)
    throw new MqttCodecError('EMPTY_SUBSCRIPTION_LIST', 'subscribe.subscriptions');
  return { type: PacketType.SUBSCRIBE, packetId, subscriptions, properties };
}
