import { MAX_REMAINING_LENGTH } from '../constants';
import { checkPacketId, checkQoS, stringLength } from './checks';
import { MqttCodecError } from '../errors';
import { PacketType, type ProtocolVersion, type PublishPacket } from '../types';
import { vbiSize, writeU16, writeUtf8, writeVbi } from '../wire/writer';
import { propertiesLength, writeProperties } from './properties';

// Lengths computed by the planning pass and used by the write pass that follows it at once
// (single-threaded, never interleaved): no object is allocated to carry them.
let topicLength = 0;
let propsLength = 0;

/** Remaining Length of a PUBLISH, validating it [MQTT-3.3.1-4, MQTT-2.2.1-3]. */
export function planPublish(p: PublishPacket, version: ProtocolVersion): number {
  checkQoS(p.qos, 'publish.qos');
  if (p.dup && p.qos === 0) throw new MqttCodecError('INVALID_FIXED_HEADER_FLAGS', 'publish.dup');
  topicLength = stringLength(p.topic, 'publish.topic');
  let n = 2 + topicLength + p.payload.length;
  if (p.qos > 0) {
    checkPacketId(p.packetId, 'publish.packetId');
    n += 2;
  }
  if (version === 5) {
    propsLength = propertiesLength(p.properties, PacketType.PUBLISH);
    n += vbiSize(propsLength) + propsLength;
  }
  if (n > MAX_REMAINING_LENGTH)
    throw new MqttCodecError('PACKET_TOO_LARGE', 'publish.payload', undefined, n);
  return n;
}

/** Writes fixed header + variable header (not the payload); returns the offset after them. */
export function writePublishHeader(
  buf: Buffer,
  off: number,
  p: PublishPacket,
  version: ProtocolVersion,
  remaining: number,
): number {
  buf[off++] = 0x30 | (p.dup ? 0x08 : 0) | (p.qos << 1) | (p.retain ? 0x01 : 0);
  off = writeVbi(buf, off, remaining);
  off = writeUtf8(buf, off, p.topic, topicLength);
  if (p.qos > 0) off = writeU16(buf, off, p.packetId as number);
  if (version === 5) off = writeProperties(buf, off, p.properties, propsLength);
  return off;
}
