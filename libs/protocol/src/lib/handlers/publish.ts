import { PacketType, type PublishPacket } from '@mithqtt/codec';
import { validateTopicName } from '@mithqtt/topic';
import type { Channel } from '../channel';

/**
 * PUBLISH from the client. Authorized against the gateway's cache (no round trip), routed, then
 * acknowledged: the PUBACK/PUBREC goes out only after the broker has taken the message.
 */
export function handlePublish(ch: Channel, packet: PublishPacket): void {
  // [MQTT-3.3.2-2] wildcards in a topic name, and [MQTT-4.7.3-1] an empty one, close the connection.
  if (validateTopicName(packet.topic) !== null) {
    ch.closeWith('protocol-error');
    return;
  }
  const session = ch.session;
  const identity = ch.identity;
  if (!session || !identity) return;
  const qos = packet.qos;
  if (qos === 2 && packet.packetId !== undefined && session.awaitingRelease.has(packet.packetId)) {
    // [MQTT-4.3.3-2] a re-sent QoS 2 PUBLISH before PUBREL is not delivered again.
    ch.host.send({ type: PacketType.PUBREC, packetId: packet.packetId });
    return;
  }
  const allowed = ch.host.authorizePublish(identity, packet.topic, qos, packet.retain);
  if (allowed) {
    ch.host.publish({
      topic: packet.topic,
      payload: packet.payload,
      qos,
      retain: packet.retain,
      origin: identity.clientId,
    });
  }
  // A denied QoS 1/2 PUBLISH is still acknowledged: 3.1.1 has no negative PUBACK, and closing
  // would make the client retry forever. The host counts and logs the denial.
  if (qos === 1 && packet.packetId !== undefined) {
    ch.host.send({ type: PacketType.PUBACK, packetId: packet.packetId });
  } else if (qos === 2 && packet.packetId !== undefined) {
    session.awaitRelease(packet.packetId);
    ch.host.send({ type: PacketType.PUBREC, packetId: packet.packetId });
  }
}
