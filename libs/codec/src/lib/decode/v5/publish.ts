import { readProperties } from '../../properties/decode';
import { PacketType, type PublishPacket, type QoS } from '../../types';
import type { Reader } from '../../wire/reader';

/**
 * PUBLISH (3.3), MQTT 5.0: topic, packet id when QoS > 0, properties, payload (a view of the
 * input). Left to the protocol layer because they need topic semantics or connection state:
 * wildcards [MQTT-3.3.2-2], an empty topic without a Topic Alias, alias resolution and maximum,
 * a Subscription Identifier sent by a client [MQTT-3.3.4-6].
 */
export function decodePublishV5(r: Reader, flags: number): PublishPacket {
  const qos = ((flags >> 1) & 0x03) as QoS;
  const topic = r.utf8('publish.topic');
  // [MQTT-2.2.1-3] QoS 1 and 2 carry a non-zero packet identifier.
  const packetId = qos > 0 ? r.packetId('publish.packetId') : undefined;
  const properties = readProperties(r, PacketType.PUBLISH, 'publish.properties.length');
  return {
    type: PacketType.PUBLISH,
    topic,
    payload: r.rest(),
    qos,
    retain: (flags & 0x01) !== 0,
    dup: (flags & 0x08) !== 0,
    packetId,
    properties,
  };
}
