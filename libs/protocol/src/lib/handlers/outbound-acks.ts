import { type AckPacket, PacketType } from '@mithqtt/codec';
import type { Channel } from '../channel';

/** PUBACK: a QoS 1 delivery is complete; its id may be reused and the window moves on. */
export function handlePuback(ch: Channel, packet: AckPacket): void {
  const session = ch.session;
  const entry = session?.inflight.get(packet.packetId);
  if (!session || !entry || entry.qos !== 1) return; // stale or unknown id: ignore, as brokers do
  session.completeInflight(packet.packetId);
  ch.pump();
}

/** PUBREC: [MQTT-4.3.3-1] the server answers PUBREL and keeps the id until PUBCOMP. */
export function handlePubrec(ch: Channel, packet: AckPacket): void {
  const session = ch.session;
  const entry = session?.inflight.get(packet.packetId);
  if (!session || !entry || entry.qos !== 2) return;
  session.markReleased(entry);
  ch.host.send({ type: PacketType.PUBREL, packetId: packet.packetId });
}

/** PUBCOMP: the QoS 2 delivery is complete. */
export function handlePubcomp(ch: Channel, packet: AckPacket): void {
  const session = ch.session;
  const entry = session?.inflight.get(packet.packetId);
  if (!session || !entry || entry.phase !== 'pubrel') return;
  session.completeInflight(packet.packetId);
  ch.pump();
}
