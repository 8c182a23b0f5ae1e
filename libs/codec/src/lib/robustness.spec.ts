import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packetArb } from '../test/arbitraries';
import { encode } from './encode/encode';
import { MqttCodecError } from './errors';
import { MqttParser } from './parser';
import { type Packet, PacketType, type ProtocolVersion } from './types';

/**
 * Hostile input. Whatever bytes arrive, in whatever chunks, the parser must
 * - fail only with MqttCodecError (never a RangeError, TypeError, ...),
 * - hold at most maxPacketSize bytes once push returns (frame first, cap before buffering),
 * - stay failed: the next push rethrows the same error and nothing is buffered,
 * - and every packet it does accept must be one the encoder accepts and that re-parses to the
 *   same packet (the decoder is never more lenient than the encoder).
 * All runs are seeded, so a failure reproduces.
 */

const CAP = 512;

/** Feeds `chunks`; returns the packets, and the error if one was thrown. */
function feed(
  parser: MqttParser,
  chunks: readonly Uint8Array[],
): { packets: Packet[]; error: MqttCodecError | undefined } {
  const packets: Packet[] = [];
  for (const chunk of chunks) {
    try {
      packets.push(...parser.push(Buffer.from(chunk)));
    } catch (e: unknown) {
      expect(e).toBeInstanceOf(MqttCodecError);
      const error = e as MqttCodecError;
      expect(parser.bufferedBytes).toBe(0);
      // Unusable afterwards, even for a valid PINGREQ.
      expect(() => parser.push(Buffer.from([0xc0, 0]))).toThrow(error);
      return { packets, error };
    }
    expect(parser.bufferedBytes).toBeLessThanOrEqual(parser.maxPacketSize);
  }
  return { packets, error: undefined };
}

/** Cuts `wire` at the given (unsorted, possibly repeated) positions. */
function split(wire: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...at, wire.length]) {
    if (c > prev) out.push(wire.subarray(prev, c));
    prev = Math.max(prev, c);
  }
  return out;
}

/** Whatever the decoder accepted, the encoder accepts, and it decodes back to the same. */
function expectReEncodable(packets: Packet[], version: ProtocolVersion | undefined): void {
  for (const p of packets) {
    const v = p.type === PacketType.CONNECT ? p.protocolVersion : (version ?? 4);
    const again = new MqttParser({ protocolVersion: v }).push(encode(p, v));
    expect(again).toEqual([p]);
  }
}

type Mutation =
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'truncate'; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    count: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(wire: Buffer, mutations: readonly Mutation[]): Buffer {
  let b = wire;
  for (const m of mutations) {
    const at = m.at % (b.length + 1);
    switch (m.kind) {
      case 'set':
        if (b.length > 0) {
          b = Buffer.from(b);
          b[m.at % b.length] = m.value;
        }
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.count)]);
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
    }
  }
  return b;
}

// undefined: a server parser, which starts as 3.1.1 and adopts the version of a CONNECT.
const PARSERS: (ProtocolVersion | undefined)[] = [undefined, 3, 4, 5];

describe.each(PARSERS)('hostile input, parser version %s', (version) => {
  it('random bytes in random chunks (5,000 streams)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 4 }),
        (chunks) => {
          const parser = new MqttParser({ protocolVersion: version, maxPacketSize: CAP });
          expectReEncodable(feed(parser, chunks).packets, parser.protocolVersion);
        },
      ),
      { numRuns: 5000, seed: 0x5eed + (version ?? 0) },
    );
  });

  it('random bytes behind a valid first byte and Remaining Length (3,000 streams)', () => {
    // Pure noise rarely gets past the first byte; this reaches every body decoder.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 15 }),
        fc.uint8Array({ maxLength: 80 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (type, body, cuts) => {
          const flags = type === 6 || type === 8 || type === 10 ? 0x02 : 0;
          const wire = Buffer.from([(type << 4) | flags, body.length, ...body]);
          const parser = new MqttParser({ protocolVersion: version, maxPacketSize: CAP });
          expectReEncodable(feed(parser, split(wire, cuts)).packets, parser.protocolVersion);
        },
      ),
      { numRuns: 3000, seed: 0xb0d1 + (version ?? 0) },
    );
  });

  it('mutated streams of valid packets (set, insert, delete, truncate), split anywhere (2,000 streams)', () => {
    const v = version ?? 5;
    fc.assert(
      fc.property(
        fc.array(packetArb(v), { minLength: 1, maxLength: 4 }),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (packets, mutations, cuts) => {
          const wire = mutate(Buffer.concat(packets.map((p) => encode(p, v))), mutations);
          const parser = new MqttParser({ protocolVersion: version, maxPacketSize: CAP });
          expectReEncodable(feed(parser, split(wire, cuts)).packets, parser.protocolVersion);
        },
      ),
      { numRuns: 2000, seed: 0x3a7e + v },
    );
  });
});

describe('valid prefix, hostile tail', () => {
  it.each([3, 4, 5] as ProtocolVersion[])(
    'level %i: every packet of the valid prefix comes out unchanged before the tail is judged',
    (version) => {
      fc.assert(
        fc.property(
          fc.array(packetArb(version), { minLength: 1, maxLength: 4 }),
          fc.array(fc.nat(), { maxLength: 4 }),
          fc.uint8Array({ minLength: 1, maxLength: 64 }),
          (packets, cuts, tail) => {
            const wire = Buffer.concat(packets.map((p) => encode(p, version)));
            const parser = new MqttParser({ protocolVersion: version, maxPacketSize: 8192 });
            const prefix = feed(parser, split(wire, cuts));
            expect(prefix.error).toBeUndefined();
            expect(prefix.packets).toEqual(packets);
            expect(parser.bufferedBytes).toBe(0);
            feed(parser, [tail]);
            // The same bytes in one chunk: if the tail fails, the prefix is still handed out.
            const whole = new MqttParser({ protocolVersion: version, maxPacketSize: 8192 });
            const { packets: got, error } = feed(whole, [Buffer.concat([wire, tail])]);
            if (error !== undefined) {
              expect(got).toEqual([]);
              expect(whole.packetsBeforeFailure.slice(0, packets.length)).toEqual(packets);
            } else {
              expect(got.slice(0, packets.length)).toEqual(packets);
            }
          },
        ),
        { numRuns: 1000, seed: 0x9f1 + version },
      );
    },
  );
});
