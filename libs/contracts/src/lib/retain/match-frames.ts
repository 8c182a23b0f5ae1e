import type { Qos } from './retained-message-meta';

/** One retained message in a match reply. */
export interface RetainedRecord {
  readonly topic: string;
  readonly qos: Qos;
  readonly payload: Buffer;
}

/**
 * Match frames: the body of a `mqtt.retain.v1.match` data message is records back to back,
 *
 *   topic length  u16 big-endian   (an MQTT topic is at most 65535 UTF-8 bytes [MQTT-1.5.3])
 *   topic         UTF-8 bytes
 *   qos           u8 (0, 1 or 2)
 *   payload len   u32 big-endian   (an MQTT payload is below 256 MiB)
 *   payload       raw bytes
 *
 * 7 bytes of overhead per message, no escaping, no base64: payloads are copied once.
 */
const FIXED_BYTES = 2 + 1 + 4;

export class MatchFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatchFrameError';
  }
}

/**
 * Encodes records into bodies of at most `maxBodyBytes` each (a record larger than that gets a
 * body of its own: the caller must check it against the transport's limit).
 */
export function encodeMatchFrames(
  records: readonly RetainedRecord[],
  maxBodyBytes: number,
): Buffer[] {
  const bodies: Buffer[] = [];
  let parts: Buffer[] = [];
  let size = 0;
  for (const record of records) {
    const topic = Buffer.from(record.topic, 'utf8');
    if (topic.length > 0xffff)
      throw new MatchFrameError(`topic of ${topic.length} bytes is too long`);
    const head = Buffer.allocUnsafe(FIXED_BYTES + topic.length);
    head.writeUInt16BE(topic.length, 0);
    topic.copy(head, 2);
    head.writeUInt8(record.qos, 2 + topic.length);
    head.writeUInt32BE(record.payload.length, 3 + topic.length);
    const recordSize = head.length + record.payload.length;
    if (size > 0 && size + recordSize > maxBodyBytes) {
      bodies.push(Buffer.concat(parts, size));
      parts = [];
      size = 0;
    }
    parts.push(head, record.payload);
    size += recordSize;
  }
  if (size > 0) bodies.push(Buffer.concat(parts, size));
  return bodies;
}

/** Decodes one match-frame body; throws MatchFrameError on any truncation or bad field. */
export function decodeMatchFrames(body: Uint8Array): RetainedRecord[] {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const out: RetainedRecord[] = [];
  let at = 0;
  while (at < buf.length) {
    if (buf.length - at < 2) throw new MatchFrameError(`truncated topic length at byte ${at}`);
    const topicLength = buf.readUInt16BE(at);
    at += 2;
    if (buf.length - at < topicLength + 5)
      throw new MatchFrameError(`truncated record at byte ${at}`);
    const topic = buf.toString('utf8', at, at + topicLength);
    at += topicLength;
    const qos = buf.readUInt8(at);
    if (qos > 2) throw new MatchFrameError(`qos ${qos} at byte ${at} is not 0, 1 or 2`);
    at += 1;
    const payloadLength = buf.readUInt32BE(at);
    at += 4;
    if (buf.length - at < payloadLength)
      throw new MatchFrameError(`truncated payload at byte ${at}`);
    // A copy: the record outlives the NATS message buffer it came in.
    out.push({
      topic,
      qos: qos as Qos,
      payload: Buffer.from(buf.subarray(at, at + payloadLength)),
    });
    at += payloadLength;
  }
  return out;
}
