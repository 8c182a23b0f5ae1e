import { MqttParser, type Packet, PacketType } from '@mithqtt/codec';

/** What a reader hands to its client. PUBLISH payloads are views: read them, don't keep them. */
export interface FrameSink {
  publish(buf: Buffer, start: number, end: number, qos: number, packetId: number): void;
  /** PUBACK, PUBREC, PUBREL or PUBCOMP (`type` is the packet type, 4-7). */
  ack(type: number, packetId: number): void;
  /** Any other packet (CONNACK, SUBACK, PINGRESP ...), decoded by the codec. */
  control(packet: Packet): void;
}

export interface FrameReader {
  push(chunk: Buffer): void;
}

export type DecoderKind = 'fast' | 'codec';

export function createFrameReader(kind: DecoderKind, sink: FrameSink): FrameReader {
  return kind === 'fast' ? new FastFrameReader(sink) : new CodecFrameReader(sink);
}

const MAX_REMAINING_LENGTH = 268_435_455;

/**
 * Frames the stream itself and reads PUBLISH and the 2-byte acks (PUBACK ... PUBCOMP) in place (no packet object, no topic
 * string), which is most of what a load generator receives; every other packet goes through
 * `@mithqtt/codec`'s parser. The brokers under test are trusted to send well-formed frames;
 * `--client codec` runs every byte through the codec instead.
 */
class FastFrameReader implements FrameReader {
  private tail: Buffer | undefined;
  private readonly parser = new MqttParser({ protocolVersion: 4 });

  constructor(private readonly sink: FrameSink) {}

  push(chunk: Buffer): void {
    const buf = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    this.tail = undefined;
    const len = buf.length;
    let pos = 0;
    while (pos < len) {
      const first = buf[pos]!;
      let remaining = 0;
      let multiplier = 1;
      let i = pos + 1;
      let complete = false;
      while (i < len) {
        const byte = buf[i++]!;
        remaining += (byte & 0x7f) * multiplier;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
        multiplier *= 128;
        if (i - pos > 4) throw new Error('malformed Remaining Length from the broker');
      }
      if (!complete) break;
      if (remaining > MAX_REMAINING_LENGTH) throw new Error('oversized frame from the broker');
      const end = i + remaining;
      if (end > len) break;
      const type = first >> 4;
      if (type === PacketType.PUBLISH) {
        const qos = (first >> 1) & 3;
        let p = i + 2 + buf.readUInt16BE(i);
        let packetId = 0;
        if (qos > 0) {
          packetId = buf.readUInt16BE(p);
          p += 2;
        }
        this.sink.publish(buf, p, end, qos, packetId);
      } else if (type >= PacketType.PUBACK && type <= PacketType.PUBCOMP && remaining === 2) {
        this.sink.ack(type, buf.readUInt16BE(i));
      } else {
        for (const packet of this.parser.push(buf.subarray(pos, end))) this.sink.control(packet);
      }
      pos = end;
    }
    if (pos < len) this.tail = buf.subarray(pos);
  }
}

/** Every byte through the project codec. */
class CodecFrameReader implements FrameReader {
  private readonly parser = new MqttParser({ protocolVersion: 4 });

  constructor(private readonly sink: FrameSink) {}

  push(chunk: Buffer): void {
    for (const packet of this.parser.push(chunk)) {
      if (packet.type === PacketType.PUBLISH) {
        this.sink.publish(
          packet.payload,
          0,
          packet.payload.length,
          packet.qos,
          packet.packetId ?? 0,
        );
      } else if (
        packet.type === PacketType.PUBACK ||
        packet.type === PacketType.PUBREC ||
        packet.type === PacketType.PUBREL ||
        packet.type === PacketType.PUBCOMP
      ) {
        this.sink.ack(packet.type, packet.packetId);
      } else {
        this.sink.control(packet);
      }
    }
  }
}
