/**
 * Hand-made packet bytes, for what no well-behaved encoder will produce (wrong protocol level,
 * reserved flags, bad UTF-8, ...). Each helper builds exactly the fields named in the spec.
 */

/** A length-prefixed field (UTF-8 string or binary data) [MQTT-1.5.3]. */
export function field(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** Remaining Length as a variable byte integer [MQTT-2.2.3]. */
export function remainingLength(n: number): Buffer {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return Buffer.from(out);
}

/** A whole packet: fixed header byte, remaining length, body. */
export function frame(firstByte: number, ...body: Buffer[]): Buffer {
  const content = Buffer.concat(body);
  return Buffer.concat([Buffer.from([firstByte]), remainingLength(content.length), content]);
}

export interface RawConnect {
  protocolName?: string;
  level?: number;
  /** Connect flags byte: bit 1 clean session, 2 will, 3-4 will QoS, 5 will retain, 6 password, 7 username, 0 reserved. */
  flags?: number;
  keepAlive?: number;
  /** Payload fields in order (client id first). */
  payload?: Buffer[];
}

export const RESERVED_FLAG = 0x01;
export const CLEAN_SESSION = 0x02;
export const WILL_FLAG = 0x04;
/** Will QoS is bits 3-4: `qos << WILL_QOS_SHIFT`. */
export const WILL_QOS_SHIFT = 3;
export const WILL_RETAIN = 0x20;
export const PASSWORD_FLAG = 0x40;
export const USERNAME_FLAG = 0x80;

export function connectBytes(c: RawConnect = {}): Buffer {
  const keepAlive = Buffer.alloc(2);
  keepAlive.writeUInt16BE(c.keepAlive ?? 0);
  return frame(
    0x10,
    field(c.protocolName ?? 'MQTT'),
    Buffer.from([c.level ?? 4, c.flags ?? CLEAN_SESSION]),
    keepAlive,
    ...(c.payload ?? [field('raw-connect')]),
  );
}

/** A QoS 0 PUBLISH whose topic is the given bytes, taken as is (may be invalid UTF-8). */
export function publishBytes(topic: Buffer, payload: Buffer = Buffer.alloc(0)): Buffer {
  return frame(0x30, field(topic), payload);
}
