import { MqttCodecError } from '../errors';
import { readProperties } from '../properties/decode';
import { PacketType, type ProtocolVersion, type PublishPacket, type QoS } from '../types';
import type { Reader } from '../wire/reader';

/**
 * PUBLISH (3.3). The payload is a view of the input buffer (no copy); wildcard and empty-topic
 * rules belong to the protocol layer (they depend on topic aliases in v5).
 */
export function decodePublish(r: Reader, flags: number, version: ProtocolVersion): PublishPacket {
  const qos = (flags >> 1) & 0x03;
  // [MQTT-3.3.1-4] QoS 3 is malformed.
  if (qos === 3) throw new MqttCodecError('INVALID_QOS', 'publish.qos', undefined, 3);
  const dup = (flags & 0x08) !== 0;
  // [MQTT-3.3.1-2] DUP must be 0 for QoS 0.
  if (dup && qos === 0) throw new MqttCodecError('INVALID_FIXED_HEADER_FLAGS', 'publish.dup');
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
