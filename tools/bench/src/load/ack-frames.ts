/**
 * PUBACK / PUBREC / PUBREL / PUBCOMP frames (MQTT 3.1.1: first byte, Remaining Length 2, packet
 * id) for the given ids, in one buffer for one write.
 */
export function ackFrames(firstByte: number, packetIds: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(packetIds.length * 4);
  for (let k = 0; k < packetIds.length; k++) {
    const o = k * 4;
    out[o] = firstByte;
    out[o + 1] = 2;
    out.writeUInt16BE(packetIds[k]!, o + 2);
  }
  return out;
}
