import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MatchFrameError,
  type RetainedRecord,
  decodeMatchFrames,
  encodeMatchFrames,
} from './match-frames';

const record = fc.record({
  topic: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  qos: fc.constantFrom(0 as const, 1 as const, 2 as const),
  payload: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
});

function decodeAll(bodies: Buffer[]): RetainedRecord[] {
  return bodies.flatMap((b) => decodeMatchFrames(b));
}

describe('match frames', () => {
  it('encodes a record as u16 topic length, topic, u8 qos, u32 payload length, payload', () => {
    const [body] = encodeMatchFrames(
      [{ topic: 'a/b', qos: 1, payload: Buffer.from([9, 0]) }],
      1024,
    );
    expect(body).toEqual(Buffer.from([0, 3, 0x61, 0x2f, 0x62, 1, 0, 0, 0, 2, 9, 0]));
  });

  it('round-trips any records, split into bodies no larger than the limit', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 30 }),
        fc.integer({ min: 16, max: 400 }),
        (records, max) => {
          const bodies = encodeMatchFrames(records, max);
          expect(decodeAll(bodies)).toEqual(records);
          for (const b of bodies) {
            // Only a body holding one oversize record may exceed the limit.
            if (b.length > max) expect(decodeMatchFrames(b)).toHaveLength(1);
          }
        },
      ),
    );
  });

  it('encodes nothing as no bodies', () => {
    expect(encodeMatchFrames([], 100)).toEqual([]);
  });

  it('fails with MatchFrameError, never a garbage record, on every truncation', () => {
    const [body] = encodeMatchFrames(
      [
        { topic: 't/1', qos: 0, payload: Buffer.from('hello') },
        { topic: 't/2', qos: 2, payload: Buffer.from('world') },
      ],
      1024,
    );
    const boundaries = new Set([0, 15, body!.length]); // 15 = 2 + 3 + 1 + 4 + 5: the first record;
    for (let cut = 1; cut < body!.length; cut++) {
      if (boundaries.has(cut)) continue;
      expect(() => decodeMatchFrames(body!.subarray(0, cut)), `cut at ${cut}`).toThrow(
        MatchFrameError,
      );
    }
  });

  it('refuses a QoS above 2', () => {
    expect(() => decodeMatchFrames(Buffer.from([0, 1, 0x61, 3, 0, 0, 0, 0]))).toThrow(/qos 3/);
  });

  it('refuses a topic longer than 65535 bytes', () => {
    const topic = 'x'.repeat(65_536);
    expect(() => encodeMatchFrames([{ topic, qos: 0, payload: Buffer.alloc(0) }], 10)).toThrow(
      MatchFrameError,
    );
  });
});
