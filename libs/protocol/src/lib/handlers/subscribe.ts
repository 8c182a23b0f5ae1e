import { PacketType, type QoS, type SubscribePacket } from '@mithqtt/codec';
import { validateTopicFilter } from '@mithqtt/topic';
import type { Channel } from '../channel';
import type { SubscriptionOptions } from '../session';

/** SUBACK return code for a refused filter [MQTT-3.9.3-2]. */
const FAILURE = 0x80;

/**
 * A 3.1/3.1.1 subscription's options depend on its QoS alone: one shared, frozen object per
 * QoS instead of one per subscription (the session and the subscription index both hold it).
 */
const V3_OPTIONS: readonly [SubscriptionOptions, SubscriptionOptions, SubscriptionOptions] = [
  Object.freeze({ qos: 0, noLocal: false, retainAsPublished: false, retainHandling: 0 }),
  Object.freeze({ qos: 1, noLocal: false, retainAsPublished: false, retainHandling: 0 }),
  Object.freeze({ qos: 2, noLocal: false, retainAsPublished: false, retainHandling: 0 }),
];

/**
 * SUBSCRIBE: one return code per filter in order [MQTT-3.8.4-5]; an invalid or unauthorized
 * filter gets 0x80 without failing the others. A filter already subscribed is replaced and its
 * retained messages are sent again [MQTT-3.8.4-3]. Retained messages follow the SUBACK.
 */
export function handleSubscribe(ch: Channel, packet: SubscribePacket): void {
  const session = ch.session;
  const identity = ch.identity;
  if (!session || !identity) return;
  const codes: number[] = [];
  const accepted: { filter: string; options: SubscriptionOptions; isNew: boolean }[] = [];
  for (const sub of packet.subscriptions) {
    // Shared subscriptions (`$share/...`) are not served yet: refused rather than taken literally.
    if (validateTopicFilter(sub.topicFilter, { allowShared: false }) !== null) {
      codes.push(FAILURE);
      continue;
    }
    if (!ch.host.authorizeSubscribe(identity, sub.topicFilter, sub.qos)) {
      codes.push(FAILURE);
      continue;
    }
    const granted: QoS = sub.qos; // the broker supports QoS 2, so grant what was asked [MQTT-3.9.3-1]
    const options = V3_OPTIONS[granted];
    const isNew = !session.subscriptions.has(sub.topicFilter);
    session.subscriptions.set(sub.topicFilter, options);
    accepted.push({ filter: sub.topicFilter, options, isNew });
    codes.push(granted);
  }
  ch.host.send({ type: PacketType.SUBACK, packetId: packet.packetId, reasonCodes: codes });
  for (const a of accepted) ch.host.subscribe(session, a.filter, a.options, a.isNew);
}
