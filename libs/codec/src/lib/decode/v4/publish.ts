import { PacketType, type PublishPacket, type QoS } from '../../types';
import type { Reader } from '../../wire/reader';

/**
 * PUBLISH (3.3), MQTT 3.1 / 3.1.1: topic, packet id when QoS > 0, payload. QoS 3 [MQTT-3.3.1-4]
 * and DUP on QoS 0 [MQTT-3.3.1-2] were refused from the first byte by checkFirstByte. The
 * payload is a view of the input (no copy). Wildcards in the topic [MQTT-3.3.2-2] and the
 * empty topic [MQTT-4.7.3-1] are the protocol layer's checks.
 */
export function decodePublishV4(r: Reader, flags: number): PublishPacket {
  const qos = ((flags >> 1) & 0x03) as QoS;
  const topic = r.utf8('publish.topic');
  // [MQTT-2.3.1-1] QoS 1 and 2 carry a non-zero packet identifier.
  const packetId = qos > 0 ? r.packetId('publish.packetId') : undefined;
  return {
    type: PacketType.PUBLISH,
    topic,
    payload: r.rest(),
    qos,
    retain: (flags & 0x01) !== 0,
    dup: (flags & 0x08) !== 0,
    packetId,
    properties: undefined,
  };
}
