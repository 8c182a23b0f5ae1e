import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packetArb } from '../test/arbitraries';
import { encode } from './encode/encode';
import { MqttCodecError } from './errors';
import { MqttParser } from './parser';
import type { ProtocolVersion } from './types';

describe.each([3, 4, 5] as ProtocolVersion[])('MQTT level %i properties', (version) => {
  it('decode(encode(p)) equals p for arbitrary valid packets', () => {
    fc.assert(
      fc.property(packetArb(version), (packet) => {
        const parser = new MqttParser({ protocolVersion: version });
        expect(parser.push(encode(packet, version))).toEqual([packet]);
      }),
      { numRuns: 400 },
    );
  });

  it('any split of a stream of packets decodes to the same packets', () => {
    fc.assert(
      fc.property(
        fc.array(packetArb(version), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        (packets, seed) => {
          const wire = Buffer.concat(packets.map((p) => encode(p, version)));
          const parser = new MqttParser({ protocolVersion: version });
          const out = [];
          let pos = 0;
          let step = (seed % 7) + 1;
          while (pos < wire.length) {
            out.push(...parser.push(wire.subarray(pos, pos + step)));
            pos += step;
            step = ((step * 5 + 3) % 11) + 1;
          }
          expect(out).toEqual(packets);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('random bytes', () => {
  it('only ever throw MqttCodecError and never leave more than the cap buffered', () => {
    const maxPacketSize = 512;
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 4 }),
        (chunks) => {
          const parser = new MqttParser({ maxPacketSize });
          try {
            for (const c of chunks) {
              parser.push(Buffer.from(c));
              expect(parser.bufferedBytes).toBeLessThanOrEqual(maxPacketSize);
            }
          } catch (e: unknown) {
            expect(e).toBeInstanceOf(MqttCodecError);
          }
        },
      ),
      { numRuns: 20_000, seed: 42 },
    );
  });

  it('mutated valid packets fail only with MqttCodecError', () => {
    fc.assert(
      fc.property(packetArb(5), fc.nat(), fc.integer({ min: 0, max: 255 }), (packet, at, value) => {
        const wire = Buffer.from(encode(packet, 5));
        wire[at % wire.length] = value;
        const parser = new MqttParser({ protocolVersion: 5 });
        try {
          parser.push(wire);
        } catch (e: unknown) {
          expect(e).toBeInstanceOf(MqttCodecError);
        }
      }),
      { numRuns: 5000, seed: 7 },
    );
  });
});
