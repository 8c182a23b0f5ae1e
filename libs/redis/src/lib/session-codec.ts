import type { QoS } from '@mithqtt/codec';
import type { InflightEntry, QueuedMessage, SubscriptionOptions } from '@mithqtt/protocol';

/*
 * Binary encodings of session entries in Redis: the payload is stored as bytes after a small
 * header (no JSON or base64 of payloads). Layout of a queued message:
 *   u8 qos | u8 retain | u16 topic length | topic (UTF-8) | u16 origin length | origin | payload
 * An in-flight entry is stored the same way; whether its PUBREL was sent is a separate set.
 */

export function encodeQueued(entry: QueuedMessage): Buffer {
  const m = entry.message;
  const topicLen = Buffer.byteLength(m.topic);
  const origin = m.origin ?? '';
  const originLen = Buffer.byteLength(origin);
  const out = Buffer.allocUnsafe(6 + topicLen + originLen + m.payload.length);
  let pos = 0;
  out[pos++] = entry.qos;
  out[pos++] = entry.retain ? 1 : 0;
  out.writeUInt16BE(topicLen, pos);
  pos += 2;
  pos += out.write(m.topic, pos, 'utf8');
  out.writeUInt16BE(originLen, pos);
  pos += 2;
  pos += out.write(origin, pos, 'utf8');
  m.payload.copy(out, pos);
  return out;
}

export function decodeQueued(data: Buffer): QueuedMessage {
  let pos = 0;
  const qos = data[pos++] as QoS;
  const retain = data[pos++] === 1;
  const topicLen = data.readUInt16BE(pos);
  pos += 2;
  const topic = data.toString('utf8', pos, pos + topicLen);
  pos += topicLen;
  const originLen = data.readUInt16BE(pos);
  pos += 2;
  const origin = originLen === 0 ? undefined : data.toString('utf8', pos, pos + originLen);
  pos += originLen;
  // The message's own QoS is not needed after routing: the delivery QoS is what is sent.
  const message = { topic, payload: data.subarray(pos), qos, retain: false, origin };
  return { message, qos, retain };
}

export function decodeInflight(packetId: number, data: Buffer, pubrelSent: boolean): InflightEntry {
  return { packetId, ...decodeQueued(data), phase: pubrelSent ? 'pubrel' : 'publish' };
}

/** Subscription options as 4 digits: qos, no-local, retain-as-published, retain handling. */
export function encodeOptions(o: SubscriptionOptions): string {
  return `${o.qos}${o.noLocal ? 1 : 0}${o.retainAsPublished ? 1 : 0}${o.retainHandling}`;
}

export function decodeOptions(text: string): SubscriptionOptions {
  return {
    qos: Number(text[0] ?? '0') as QoS,
    noLocal: text[1] === '1',
    retainAsPublished: text[2] === '1',
    retainHandling: Number(text[3] ?? '0') as 0 | 1 | 2,
  };
}
