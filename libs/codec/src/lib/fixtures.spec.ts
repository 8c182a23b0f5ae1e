import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../test/fixtures';
import { encode, encodedLength, encodeInto } from './encode/encode';
import { MqttParser } from './parser';

function parseAll(chunks: Buffer[], version: number) {
  const parser = new MqttParser({ protocolVersion: version as 3 | 4 | 5 });
  return chunks.flatMap((c) => parser.push(c));
}

describe.each(FIXTURES)('fixture: $name', ({ version, bytes, packet }) => {
  const wire = Buffer.from(bytes);

  it('parses', () => {
    expect(parseAll([wire], version)).toEqual([packet]);
  });

  it('encodes to the same bytes (encode, encodeInto, encodedLength)', () => {
    expect([...encode(packet, version)]).toEqual(bytes);
    expect(encodedLength(packet, version)).toBe(bytes.length);
    const target = Buffer.alloc(bytes.length + 4, 0xaa);
    expect(encodeInto(packet, version, target, 2)).toBe(bytes.length);
    expect([...target.subarray(2, 2 + bytes.length)]).toEqual(bytes);
  });

  it('round-trips', () => {
    expect(parseAll([encode(packet, version)], version)).toEqual([packet]);
  });

  it('parses the same when split at every byte boundary', () => {
    for (let cut = 1; cut < wire.length; cut++) {
      expect(parseAll([wire.subarray(0, cut), wire.subarray(cut)], version)).toEqual([packet]);
    }
  });

  it('parses the same when fed one byte at a time, and three in a row from one chunk', () => {
    const bytesOneByOne = [...wire].map((b) => Buffer.from([b]));
    expect(parseAll(bytesOneByOne, version)).toEqual([packet]);
    expect(parseAll([Buffer.concat([wire, wire, wire])], version)).toEqual([
      packet,
      packet,
      packet,
    ]);
  });
});

describe('server parser', () => {
  it('adopts the protocol version of the CONNECT it decodes', () => {
    const parser = new MqttParser();
    expect(parser.protocolVersion).toBeUndefined();
    const v5 = FIXTURES.find((f) => f.name.startsWith('CONNECT 5'));
    parser.push(Buffer.from(v5?.bytes ?? []));
    expect(parser.protocolVersion).toBe(5);
  });
});
