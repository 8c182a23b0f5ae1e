import { encode, PacketType, type QoS } from '@mithqtt/codec';
import { PAYLOAD_HEADER_SIZE, PUB_ID_OFFSET, SEQ_OFFSET, TIME_OFFSET } from './payload';

/**
 * Builds one write's worth of PUBLISH frames for a fixed topic: `begin(n)`, `n` x `add(...)`,
 * `end()`. Two implementations: a template copy with three field stores per message (the
 * default; no allocation per message), and the project codec (`--client codec`), kept to check
 * the fast one and to measure what the codec costs.
 */
export interface PublishEncoder {
  begin(count: number): void;
  add(seq: number, packetId: number, sendTime: number): void;
  end(): Buffer;
}

export type EncoderKind = 'fast' | 'codec';

export function createPublishEncoder(
  kind: EncoderKind,
  topic: string,
  qos: QoS,
  pubId: number,
  payloadSize: number,
): PublishEncoder {
  const size = Math.max(payloadSize, PAYLOAD_HEADER_SIZE);
  return kind === 'fast'
    ? new TemplatePublishEncoder(topic, qos, pubId, size)
    : new CodecPublishEncoder(topic, qos, pubId, size);
}

/** MQTT 3.1.1 PUBLISH frame laid out once; each message is a copy plus field stores. */
class TemplatePublishEncoder implements PublishEncoder {
  private readonly template: Buffer;
  private readonly packetIdOffset: number;
  private readonly payloadOffset: number;
  private batch: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(topic: string, qos: QoS, pubId: number, payloadSize: number) {
    const topicBytes = Buffer.from(topic, 'utf8');
    const remaining = 2 + topicBytes.length + (qos > 0 ? 2 : 0) + payloadSize;
    const lengthBytes = varByteInt(remaining);
    this.template = Buffer.alloc(1 + lengthBytes.length + remaining);
    let o = 0;
    this.template[o++] = (PacketType.PUBLISH << 4) | (qos << 1);
    lengthBytes.copy(this.template, o);
    o += lengthBytes.length;
    o = this.template.writeUInt16BE(topicBytes.length, o);
    topicBytes.copy(this.template, o);
    o += topicBytes.length;
    this.packetIdOffset = qos > 0 ? o : -1;
    if (qos > 0) o += 2;
    this.payloadOffset = o;
    this.template.writeUInt16LE(pubId, o + PUB_ID_OFFSET);
  }

  begin(count: number): void {
    this.batch = Buffer.allocUnsafe(count * this.template.length);
    this.offset = 0;
  }

  add(seq: number, packetId: number, sendTime: number): void {
    const b = this.batch;
    const o = this.offset;
    this.template.copy(b, o);
    if (this.packetIdOffset >= 0) b.writeUInt16BE(packetId, o + this.packetIdOffset);
    b.writeUInt32LE(seq, o + this.payloadOffset + SEQ_OFFSET);
    b.writeDoubleLE(sendTime, o + this.payloadOffset + TIME_OFFSET);
    this.offset = o + this.template.length;
  }

  end(): Buffer {
    return this.offset === this.batch.length ? this.batch : this.batch.subarray(0, this.offset);
  }
}

/** The same frames through `@mithqtt/codec`'s general encoder. */
class CodecPublishEncoder implements PublishEncoder {
  private frames: Buffer[] = [];

  constructor(
    private readonly topic: string,
    private readonly qos: QoS,
    private readonly pubId: number,
    private readonly payloadSize: number,
  ) {}

  begin(_count: number): void {
    this.frames = [];
  }

  add(seq: number, packetId: number, sendTime: number): void {
    const payload = Buffer.alloc(this.payloadSize);
    payload.writeUInt16LE(this.pubId, PUB_ID_OFFSET);
    payload.writeUInt32LE(seq, SEQ_OFFSET);
    payload.writeDoubleLE(sendTime, TIME_OFFSET);
    this.frames.push(
      encode(
        {
          type: PacketType.PUBLISH,
          topic: this.topic,
          payload,
          qos: this.qos,
          retain: false,
          dup: false,
          packetId: this.qos > 0 ? packetId : undefined,
        },
        4,
      ),
    );
  }

  end(): Buffer {
    return this.frames.length === 1 ? this.frames[0]! : Buffer.concat(this.frames);
  }
}

/** Remaining Length encoding (MQTT 3.1.1 section 2.2.3). */
function varByteInt(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return Buffer.from(out);
}
