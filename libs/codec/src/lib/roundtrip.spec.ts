// Property-based round trips (fast-check); hostile-input runs are in robustness.spec.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packetArb } from '../test/arbitraries';
import { encode, encodedLength, encodeInto } from './encode/encode';
import { MqttParser } from './parser';
import type { Packet, ProtocolVersion } from './types';

describe.each([3, 4, 5] as ProtocolVersion[])('MQTT level %i round trips', (version) => {
  it('decode(encode(p)) equals p for arbitrary valid packets', () => {
    fc.assert(
      fc.property(packetArb(version), (packet) => {
        const wire = encode(packet, version);
        const parser = new MqttParser({ protocolVersion: version });
        const decoded = parser.push(wire);
        expect(decoded).toEqual([packet]);
        // One canonical encoding: re-encoding the decoded packet gives the same bytes, and
        // encodedLength / encodeInto agree with encode.
        expect(encode(decoded[0] as Packet, version).equals(wire)).toBe(true);
        expect(encodedLength(packet, version)).toBe(wire.length);
        const target = Buffer.alloc(wire.length + 3);
        expect(encodeInto(packet, version, target, 3)).toBe(wire.length);
        expect(target.subarray(3).equals(wire)).toBe(true);
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
