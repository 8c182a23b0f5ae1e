import { MqttCodecError } from '../../errors';
import { PacketType, type QoS, type SubscribePacket, type Subscription } from '../../types';
import type { Reader } from '../../wire/reader';

/**
 * SUBSCRIBE (3.8), MQTT 3.1 / 3.1.1: packet id, then (filter, requested QoS) pairs, at least
 * one. Filter syntax is the protocol layer's (it can refuse one filter with SUBACK 0x80).
 */
export function decodeSubscribeV4(r: Reader): SubscribePacket {
  const packetId = r.packetId('subscribe.packetId');
  const subscriptions: Subscription[] = [];
  while (r.remaining() > 0) {
    const topicFilter = r.utf8('subscribe.topicFilter');
    const options = r.u8('subscribe.options');
    // [MQTT-3-8.3-4] QoS 3 is malformed, and the upper six bits are reserved.
    if ((options & 0x03) === 3) {
      throw new MqttCodecError('INVALID_QOS', 'subscribe.options', undefined, 3);
    }
    if ((options & 0xfc) !== 0) throw new MqttCodecError('RESERVED_BIT_SET', 'subscribe.options');
    subscriptions.push({ topicFilter, qos: options as QoS });
  }
  // [MQTT-3.8.3-3] at least one topic filter.
  if (subscriptions.length === 0) {
    throw new MqttCodecError('EMPTY_SUBSCRIPTION_LIST', 'subscribe.subscriptions');
  }
  return { type: PacketType.SUBSCRIBE, packetId, subscriptions, properties: undefined };
}
