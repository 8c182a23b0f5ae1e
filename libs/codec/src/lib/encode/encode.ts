import { MAX_REMAINING_LENGTH } from '../constants';
import { MqttCodecError } from '../errors';
import { type Packet, PacketType, type ProtocolVersion, type PublishPacket } from '../types';
import { vbiSize, writeVbi } from '../wire/writer';
import { planConnect, writeConnect } from './connect';
import { firstByte, planControl, writeControl } from './control';
import { allocate } from './alloc';
import { planPublish, writePublishHeader } from './publish';

/** Total encoded size of `packet` (fixed header included); validates it. */
export function encodedLength(packet: Packet, version: ProtocolVersion): number {
  const remaining = plan(packet, version);
  return 1 + vbiSize(remaining) + remaining;
}

/**
 * Encodes into a new buffer of exactly the packet's size. Like Buffer.allocUnsafe's result, it
 * may share its ArrayBuffer with other encoded packets (see alloc.ts).
 */
export function encode(packet: Packet, version: ProtocolVersion): Buffer {
  if (packet.type === PacketType.PUBLISH) {
    const remaining = planPublish(packet, version);
    const buf = allocate(1 + vbiSize(remaining) + remaining);
    const off = writePublishHeader(buf, 0, packet, version, remaining);
    buf.set(packet.payload, off);
    return buf;
  }
  const remaining = plan(packet, version);
  const buf = allocate(1 + vbiSize(remaining) + remaining);
  writeAll(buf, 0, packet, version, remaining);
  return buf;
}

/** Encodes into `target` at `offset`; returns the bytes written. Throws if it does not fit. */
export function encodeInto(
  packet: Packet,
  version: ProtocolVersion,
  target: Buffer,
  offset: number,
): number {
  const remaining = plan(packet, version);
  const total = 1 + vbiSize(remaining) + remaining;
  if (offset + total > target.length)
    throw new MqttCodecError('PACKET_TOO_LARGE', 'target', undefined, total);
  if (packet.type === PacketType.PUBLISH) {
    const off = writePublishHeader(target, offset, packet, version, remaining);
    target.set(packet.payload, off);
    return total;
  }
  writeAll(target, offset, packet, version, remaining);
  return total;
}

/**
 * The bytes of a PUBLISH before its payload: `[header, packet.payload]` written in order is the
 * whole packet. Lets one received payload go to many subscribers without being copied.
 */
export function encodePublishHeader(packet: PublishPacket, version: ProtocolVersion): Buffer {
  const remaining = planPublish(packet, version);
  const headerSize = 1 + vbiSize(remaining) + remaining - packet.payload.length;
  const buf = allocate(headerSize);
  writePublishHeader(buf, 0, packet, version, remaining);
  return buf;
}

function plan(packet: Packet, version: ProtocolVersion): number {
  let remaining: number;
  if (packet.type === PacketType.PUBLISH) remaining = planPublish(packet, version);
  else if (packet.type === PacketType.CONNECT) remaining = planConnect(packet, version).remaining;
  else remaining = planControl(packet, version);
  if (remaining > MAX_REMAINING_LENGTH)
    throw new MqttCodecError('PACKET_TOO_LARGE', 'remainingLength', undefined, remaining);
  return remaining;
}

function writeAll(
  buf: Buffer,
  off: number,
  packet: Packet,
  version: ProtocolVersion,
  remaining: number,
): void {
  if (packet.type === PacketType.PUBLISH) {
    buf.set(packet.payload, writePublishHeader(buf, off, packet, version, remaining));
    return;
  }
  buf[off++] = firstByte(packet.type);
  off = writeVbi(buf, off, remaining);
  if (packet.type === PacketType.CONNECT) {
    // Re-plan: CONNECT keeps its lengths in a plan object (rare packet, clarity first).
    writeConnect(buf, off, packet, version, planConnect(packet, version));
    return;
  }
  writeControl(buf, off, packet, version, remaining);
}
