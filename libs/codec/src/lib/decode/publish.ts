import { readProperties } from '../properties/decode';
import { PacketType, type ProtocolVersion, type PublishPacket, type QoS } from '../types';
import type { Reader } from '../wire/reader';

/**
 * PUBLISH (3.3). The payload is a view of the input buffer (no copy); wildcard and empty-topic
 * rules belong to the protocol layer (they depend on topic aliases in v5).
 */
export function decodePublish(r: Reader, flags: number, version: ProtocolVersion): PublishPacket {
  // QoS 3 [MQTT-3.3.1-4] and DUP on QoS 0 [MQTT-3.3.1-2] were refused by checkFirstByte.
  const qos = (flags >> 1) & 0x03;
  const dup = (flags & 0x08) !== 0;
  const topic = r.utf8('publish.topic');
  const packetId = qos > 0 ? r.packetId('publish.packetId') : undefined;
  const properties =
    version === 5 ? readProperties(r, PacketType.PUBLISH, 'publish.properties.length') : undefined;
  return {
    type: PacketType.PUBLISH,
    topic,
    payload: r.rest(),
    qos: qos as QoS,
    retain: (flags & 0x01) !== 0,
    dup,
    packetId,
    properties,
  };
}
