import { describe, expect, it } from 'vitest';
import { errorOf } from '../test/expect-error';
import { encode } from './encode/encode';
import { MqttParser } from './parser';
import { PacketType, type ProtocolVersion, type PublishPacket } from './types';

const publish = (topic: string, size: number, packetId?: number): PublishPacket => ({
  type: PacketType.PUBLISH,
  topic,
  payload: Buffer.alloc(size, topic.charCodeAt(0)),
  qos: packetId === undefined ? 0 : 1,
  retain: false,
  dup: false,
  packetId,
  properties: undefined,
});

describe('MqttParser framing', () => {
  it('assembles a packet split across chunks, then decodes the rest of the chunk in place', () => {
    const a = encode(publish('a', 300), 4);
    const b = encode(publish('b', 300), 4);
    const second = Buffer.concat([a.subarray(100), b]);
    const parser = new MqttParser({ protocolVersion: 4 });
    expect(parser.push(a.subarray(0, 100))).toEqual([]);
    expect(parser.bufferedBytes).toBe(100);
    const [pa, pb] = parser.push(second) as [PublishPacket, PublishPacket];
    expect(pa).toEqual(publish('a', 300));
    expect(pb).toEqual(publish('b', 300));
    // b was not copied: its payload is a view of the chunk that carried it.
    expect(pb.payload.buffer).toBe(second.buffer);
    expect(pb.payload.byteOffset).toBe(second.byteOffset + second.length - 300);
    expect(parser.bufferedBytes).toBe(0);
  });

  it('parsers interleaved packet by packet (they share one Reader) each decode their own bytes', () => {
    const wires = ['x', 'y', 'z'].map((t, i) => encode(publish(`${t}/${i}`, 50 + i, i + 1), 4));
    const parsers = wires.map(() => new MqttParser({ protocolVersion: 4 }));
    const got: PublishPacket[][] = parsers.map(() => []);
    // Byte by byte, round robin: every packet is assembled while the others are mid-packet.
    const longest = Math.max(...wires.map((w) => w.length));
    for (let at = 0; at < longest; at++) {
      parsers.forEach((p, i) => {
        const wire = wires[i]!;
        if (at < wire.length)
          got[i]!.push(...(p.push(wire.subarray(at, at + 1)) as PublishPacket[]));
      });
    }
    expect(got).toEqual(['x', 'y', 'z'].map((t, i) => [publish(`${t}/${i}`, 50 + i, i + 1)]));
  });

  it('holds at most the fixed header while the Remaining Length is incomplete', () => {
    const wire = encode(publish('t', 20_000), 4); // 3-byte Remaining Length
    const parser = new MqttParser({ protocolVersion: 4 });
    expect(parser.push(wire.subarray(0, 2))).toEqual([]);
    expect(parser.bufferedBytes).toBe(2);
    expect(parser.push(wire.subarray(2, 3))).toEqual([]);
    expect(parser.push(wire.subarray(3))).toEqual([publish('t', 20_000)]);
    expect(parser.bufferedBytes).toBe(0);
  });

  it('is unusable after an error: later pushes rethrow it, even with valid bytes', () => {
    const parser = new MqttParser({ protocolVersion: 4 });
    const first = errorOf(() => parser.push(Buffer.from([0x00, 0x00])));
    expect(first.code).toBe('INVALID_PACKET_TYPE');
    expect(errorOf(() => parser.push(Buffer.from([0xc0, 0x00])))).toBe(first);
    expect(parser.bufferedBytes).toBe(0);
  });

  it('[MQTT-3.3.1-4] refuses PUBLISH QoS 3 from its first byte, before the length arrives', () => {
    const parser = new MqttParser({ protocolVersion: 4 });
    const e = errorOf(() => parser.push(Buffer.from([0x36])));
    expect({ code: e.code, field: e.field, reasonCode: e.reasonCode }).toEqual({
      code: 'INVALID_QOS',
      field: 'publish.qos',
      reasonCode: 0x81,
    });
  });

  it('[MQTT-3.3.1-2] refuses DUP on QoS 0 from the first byte', () => {
    const e = errorOf(() => new MqttParser({ protocolVersion: 4 }).push(Buffer.from([0x38])));
    expect({ code: e.code, field: e.field }).toEqual({
      code: 'INVALID_FIXED_HEADER_FLAGS',
      field: 'publish.dup',
    });
  });

  it('refuses an incomplete header whose smallest possible packet already exceeds a tiny cap', () => {
    const parser = new MqttParser({ protocolVersion: 4, maxPacketSize: 3 });
    // Remaining Length so far >= 5 (0x85 = 5 + continuation): at least 1 + 2 + 5 bytes.
    const e = errorOf(() => parser.push(Buffer.from([0x30, 0x85])));
    expect({ code: e.code, field: e.field }).toEqual({
      code: 'PACKET_TOO_LARGE',
      field: 'remainingLength',
    });
    expect(parser.bufferedBytes).toBeLessThanOrEqual(3);
  });

  it('[MQTT-2.2.3] refuses a fifth Remaining Length byte', () => {
    const e = errorOf(() =>
      new MqttParser({ protocolVersion: 4 }).push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0x80])),
    );
    expect({ code: e.code, field: e.field }).toEqual({
      code: 'MALFORMED_REMAINING_LENGTH',
      field: 'remainingLength',
    });
  });

  // PINGREQ with Remaining Length 0 padded to two bytes (0x80 0x00).
  const paddedPing = Buffer.from([0xc0, 0x80, 0x00]);

  it('[MQTT-1.5.5-1] MQTT 5 refuses a non-minimal Remaining Length', () => {
    const e = errorOf(() => new MqttParser({ protocolVersion: 5 }).push(paddedPing));
    expect({ code: e.code, field: e.field, reasonCode: e.reasonCode }).toEqual({
      code: 'MALFORMED_REMAINING_LENGTH',
      field: 'remainingLength',
      reasonCode: 0x81,
    });
  });

  it.each([3, 4] as ProtocolVersion[])(
    'MQTT level %i has no minimal-encoding rule: a padded Remaining Length is accepted',
    (version) => {
      expect(new MqttParser({ protocolVersion: version }).push(paddedPing)).toEqual([
        { type: PacketType.PINGREQ },
      ]);
    },
  );

  it('a server parser applies the MQTT 5 rule from the v5 CONNECT that carries the padding', () => {
    const connect = encode(
      {
        type: PacketType.CONNECT,
        protocolName: 'MQTT',
        protocolVersion: 5,
        cleanStart: true,
        keepAlive: 0,
        clientId: 'c',
      },
      5,
    );
    const body = connect.subarray(2);
    const padded = Buffer.concat([Buffer.from([0x10, 0x80 | body.length, 0x00]), body]);
    const e = errorOf(() => new MqttParser().push(padded));
    expect(e.code).toBe('MALFORMED_REMAINING_LENGTH');
  });
});

describe('packetsBeforeFailure', () => {
  const connect = encode(
    {
      type: PacketType.CONNECT,
      protocolName: 'MQTT',
      protocolVersion: 4,
      cleanStart: true,
      keepAlive: 0,
      clientId: 'c',
    },
    4,
  );
  const garbage = Buffer.from([0x00, 0x00]); // packet type 0

  it('keeps the packets that the failing chunk completed ahead of the bad bytes', () => {
    const parser = new MqttParser();
    expect(parser.packetsBeforeFailure).toEqual([]);
    const pub = encode(publish('t', 3, 9), 4);
    const e = errorOf(() => parser.push(Buffer.concat([connect, pub, garbage])));
    expect(e.code).toBe('INVALID_PACKET_TYPE');
    expect(parser.packetsBeforeFailure.map((p) => p.type)).toEqual([
      PacketType.CONNECT,
      PacketType.PUBLISH,
    ]);
    expect(parser.packetsBeforeFailure[1]).toEqual(publish('t', 3, 9));
    // Later pushes rethrow and leave them as they were.
    expect(errorOf(() => parser.push(pub))).toBe(e);
    expect(parser.packetsBeforeFailure).toHaveLength(2);
  });

  it('includes a split packet that the failing chunk completed', () => {
    const parser = new MqttParser({ protocolVersion: 4 });
    const pub = encode(publish('t', 50, 9), 4);
    expect(parser.push(pub.subarray(0, 10))).toEqual([]);
    errorOf(() => parser.push(Buffer.concat([pub.subarray(10), garbage])));
    expect(parser.packetsBeforeFailure).toEqual([publish('t', 50, 9)]);
  });

  it('is empty when the bad bytes come first, and packets of earlier pushes are not repeated', () => {
    const parser = new MqttParser({ protocolVersion: 4 });
    expect(parser.push(encode(publish('t', 1), 4))).toHaveLength(1);
    errorOf(() => parser.push(garbage));
    expect(parser.packetsBeforeFailure).toEqual([]);
  });
});

describe('encode output buffers', () => {
  it('are distinct memory: encoding many packets never overwrites an earlier result', () => {
    const packets = Array.from({ length: 500 }, (_, i) =>
      publish(`t/${i}`, (i * 37) % 3000, (i % 65535) + 1),
    );
    const wires = packets.map((p) => encode(p, 5));
    const parser = new MqttParser({ protocolVersion: 5 });
    const decoded = wires.flatMap((w) => parser.push(w)) as PublishPacket[];
    expect(decoded.map((p) => p.topic)).toEqual(packets.map((p) => p.topic));
    // Buffer.equals rather than toEqual: a byte-wise deep compare of 750 KB is slow.
    expect(decoded.filter((p, i) => !p.payload.equals(packets[i]!.payload))).toEqual([]);
  });
});
