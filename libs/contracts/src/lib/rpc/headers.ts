/**
 * Header codec for MQTT metadata travelling beside raw payload bytes. NATS header values cannot
 * hold CR or LF and are trimmed by the clients, while an MQTT topic may contain both and may
 * begin or end with spaces. Plain topics travel as-is in `topic` (readable, easy to send with
 * `nats req -H topic:a/b`); any other topic travels percent-encoded (RFC 3986, UTF-8) in
 * `topic-pct`. A reader accepts either.
 */
export const META_HEADER = {
  topic: 'topic',
  topicEncoded: 'topic-pct',
  qos: 'qos',
  /** On the last message of a multi-message reply: how many records all the messages held. */
  count: 'count',
} as const;

/** Reads a header by name, case-insensitively (NATS clients differ in header casing). */
export type HeaderReader = (name: string) => string | undefined;

const HEADER_SAFE = /^[^\s\r\n](?:[^\r\n]*[^\s\r\n])?$/;

/** The header (name, value) that carries `topic` losslessly. */
export function encodeTopicHeader(topic: string): { name: string; value: string } {
  return HEADER_SAFE.test(topic)
    ? { name: META_HEADER.topic, value: topic }
    : { name: META_HEADER.topicEncoded, value: encodeURIComponent(topic) };
}

/** The topic of a message's headers, or undefined if absent or not decodable. */
export function decodeTopicHeader(get: HeaderReader): string | undefined {
  const encoded = get(META_HEADER.topicEncoded);
  if (encoded !== undefined && encoded !== '') {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return undefined;
    }
  }
  const plain = get(META_HEADER.topic);
  return plain === '' ? undefined : plain;
}

/**
 * A QoS header value as a number if it is exactly `0`, `1` or `2`; otherwise the raw value, so
 * the DTO rule rejects it and names the field (never coerced: `1.0`, ` 1`, `01` are errors).
 */
export function parseQosHeader(value: string | undefined): unknown {
  return value === '0' || value === '1' || value === '2' ? Number(value) : value;
}
