import { describe, expect, it } from 'vitest';
import { ascii, codeAndField, decodeError, encodeError, errorOf } from '../test/expect-error';
import { encode } from './encode/encode';
import { MqttParser } from './parser';
import {
  type ConnectPacket,
  type Packet,
  PacketType,
  type Properties,
  type ProtocolVersion,
  type PublishPacket,
} from './types';

// The error rules that apply across packet types, versions or fields, as generated tables: one
// row per (rule, packet type / field), each asserting {code, field} and never message text.
// Single-case rules are in errors.spec.ts and validation.spec.ts.

const VERSIONS: ProtocolVersion[] = [3, 4, 5];
const NAMES = [
  '',
  'CONNECT',
  'CONNACK',
  'PUBLISH',
  'PUBACK',
  'PUBREC',
  'PUBREL',
  'PUBCOMP',
  'SUBSCRIBE',
  'SUBACK',
  'UNSUBSCRIBE',
  'UNSUBACK',
  'PINGREQ',
  'PINGRESP',
  'DISCONNECT',
  'AUTH',
] as const;

describe('[MQTT-2.1.3-1] fixed header flags: 0010 for PUBREL, SUBSCRIBE, UNSUBSCRIBE, else 0000', () => {
  const rows: [string, ProtocolVersion, number, number][] = [];
  for (const version of VERSIONS) {
    for (let type = 1; type <= 15; type++) {
      if (type === PacketType.PUBLISH || (type === PacketType.AUTH && version !== 5)) continue;
      const required = type === 6 || type === 8 || type === 10 ? 0b0010 : 0;
      rows.push([NAMES[type] as string, version, type, required]);
    }
  }
  it.each(rows)('%s, level %i: every other flag nibble is refused', (_n, version, type, req) => {
    for (let flags = 0; flags < 16; flags++) {
      if (flags === req) continue;
      const e = decodeError([(type << 4) | flags, 0], { protocolVersion: version });
      expect(codeAndField(e)).toEqual({
        code: 'INVALID_FIXED_HEADER_FLAGS',
        field: 'fixedHeader.flags',
      });
      expect(e.value).toBe(flags);
      expect(e.reasonCode).toBe(0x81);
    }
  });
});

describe('[MQTT-2.2.1-3] packet identifier 0 (3.1.1: [MQTT-2.3.1-1])', () => {
  const id0: [string, number[], string][] = [
    ['PUBLISH QoS 1', [0x32, 5, 0, 1, ...ascii('t'), 0, 0], 'publish.packetId'],
    ['PUBLISH QoS 2', [0x34, 5, 0, 1, ...ascii('t'), 0, 0], 'publish.packetId'],
    ['PUBACK', [0x40, 2, 0, 0], 'puback.packetId'],
    ['PUBREC', [0x50, 2, 0, 0], 'pubrec.packetId'],
    ['PUBREL', [0x62, 2, 0, 0], 'pubrel.packetId'],
    ['PUBCOMP', [0x70, 2, 0, 0], 'pubcomp.packetId'],
    ['SUBSCRIBE', [0x82, 6, 0, 0, 0, 1, ...ascii('a'), 0], 'subscribe.packetId'],
    ['SUBACK', [0x90, 3, 0, 0, 0], 'suback.packetId'],
    ['UNSUBSCRIBE', [0xa2, 5, 0, 0, 0, 1, ...ascii('a')], 'unsubscribe.packetId'],
    ['UNSUBACK', [0xb0, 2, 0, 0], 'unsuback.packetId'],
  ];
  const rows = VERSIONS.flatMap((v) => id0.map(([n, b, f]) => [n, v, b, f] as const));
  it.each(rows)('%s, level %i', (_name, version, bytes, field) => {
    const e = decodeError(bytes, { protocolVersion: version });
    expect(codeAndField(e)).toEqual({ code: 'PACKET_ID_ZERO', field });
    expect(e.reasonCode).toBe(0x82);
  });
});

describe('[MQTT-1.5.4-1/2] every UTF-8 string field is checked and named', () => {
  // The packet is encoded with the marker "QQQ" in the field under test; the marker's bytes are
  // then overwritten with bad UTF-8 of the same length, so every length prefix stays right.
  const M = 'QQQ';
  const BAD: [string, number[], string][] = [
    ['[MQTT-1.5.4-1] a truncated 2-byte sequence', [0x61, 0xc3, 0x28], 'INVALID_UTF8'],
    ['[MQTT-1.5.4-1] an encoded surrogate U+D800', [0xed, 0xa0, 0x80], 'INVALID_UTF8'],
    ['[MQTT-1.5.4-1] an overlong encoding', [0xc0, 0x80, 0x61], 'INVALID_UTF8'],
    ['[MQTT-1.5.4-2] U+0000', [0x61, 0x61, 0x00], 'UTF8_NULL_CHARACTER'],
  ];
  const connect = (version: ProtocolVersion, extra: Partial<ConnectPacket>): Packet => ({
    type: PacketType.CONNECT,
    protocolName: version === 3 ? 'MQIsdp' : 'MQTT',
    protocolVersion: version,
    cleanStart: true,
    keepAlive: 0,
    clientId: 'c',
    ...extra,
  });
  const will = (topic: string, properties?: Properties): Partial<ConnectPacket> => ({
    will: { topic, payload: Buffer.from('x'), qos: 0, retain: false, properties },
  });
  const pub = (topic: string, properties?: object): Packet => ({
    type: PacketType.PUBLISH,
    topic,
    payload: Buffer.from('p'),
    qos: 0,
    retain: false,
    dup: false,
    properties,
  });
  const FIELDS: [ProtocolVersion, Packet, string][] = [
    [4, connect(4, { clientId: M }), 'connect.clientId'],
    [3, connect(3, { clientId: M }), 'connect.clientId'],
    [4, connect(4, will(M)), 'will.topic'],
    [4, connect(4, { username: M }), 'connect.username'],
    [4, pub(M), 'publish.topic'],
    [
      4,
      { type: PacketType.SUBSCRIBE, packetId: 1, subscriptions: [{ topicFilter: M, qos: 0 }] },
      'subscribe.topicFilter',
    ],
    [
      4,
      { type: PacketType.UNSUBSCRIBE, packetId: 1, topicFilters: ['a', M] },
      'unsubscribe.topicFilter',
    ],
    [5, connect(5, { clientId: M }), 'connect.clientId'],
    [5, connect(5, { properties: { authenticationMethod: M } }), 'properties.authenticationMethod'],
    [5, connect(5, will('w', { contentType: M })), 'will.properties.contentType'],
    [5, connect(5, will('w', { responseTopic: M })), 'will.properties.responseTopic'],
    [5, connect(5, will(M)), 'will.topic'],
    [5, pub('t', { contentType: M }), 'properties.contentType'],
    [5, pub('t', { responseTopic: M }), 'properties.responseTopic'],
    [5, pub('t', { userProperties: [['k', M]] }), 'properties.userProperties'],
    [5, pub('t', { userProperties: [[M, 'v']] }), 'properties.userProperties'],
    [
      5,
      {
        type: PacketType.CONNACK,
        sessionPresent: false,
        reasonCode: 0,
        properties: { assignedClientIdentifier: M },
      },
      'properties.assignedClientIdentifier',
    ],
    [
      5,
      {
        type: PacketType.CONNACK,
        sessionPresent: false,
        reasonCode: 0,
        properties: { responseInformation: M },
      },
      'properties.responseInformation',
    ],
    [
      5,
      { type: PacketType.PUBACK, packetId: 1, reasonCode: 0x10, properties: { reasonString: M } },
      'properties.reasonString',
    ],
    [
      5,
      { type: PacketType.DISCONNECT, reasonCode: 0x9c, properties: { serverReference: M } },
      'properties.serverReference',
    ],
    [
      5,
      { type: PacketType.AUTH, reasonCode: 0x18, properties: { authenticationMethod: M } },
      'properties.authenticationMethod',
    ],
  ];
  const rows = FIELDS.flatMap(([version, packet, field]) =>
    BAD.map(
      ([what, bytes, code]) =>
        [`${what} in ${field}, level ${version}`, version, packet, field, bytes, code] as const,
    ),
  );
  it.each(rows)('%s', (_name, version, packet, field, bad, code) => {
    const wire = encode(packet, version);
    const at = wire.indexOf(M);
    expect(at).toBeGreaterThan(0);
    expect(wire.indexOf(M, at + 1)).toBe(-1);
    wire.set(bad, at);
    expect(codeAndField(decodeError([...wire], { protocolVersion: version }))).toEqual({
      code,
      field,
    });
  });

  it('[MQTT-1.5.4-1] the protocol name is checked before it is compared', () => {
    const e = decodeError([0x10, 12, 0, 4, 0x4d, 0x51, 0xc3, 0x28, 4, 2, 0, 0, 0, 0]);
    expect(codeAndField(e)).toEqual({ code: 'INVALID_UTF8', field: 'connect.protocolName' });
  });
});

describe('1.5.3 / 2.2.3 a field that runs past the end of its packet is TRUNCATED', () => {
  const connect = (rest: number[]) => {
    const body = [0, 4, ...ascii('MQTT'), ...rest];
    return [0x10, body.length, ...body];
  };
  // prettier-ignore
  const ROWS: [string, ProtocolVersion | undefined, number[], string][] = [
    ['CONNECT without protocol level', undefined, connect([]), 'connect.protocolVersion'],
    ['CONNECT without flags', undefined, connect([4]), 'connect.flags'],
    ['CONNECT with a 1-byte keep alive', undefined, connect([4, 2, 0]), 'connect.keepAlive'],
    ['CONNECT without client id', undefined, connect([4, 2, 0, 0]), 'connect.clientId'],
    ['CONNECT will flag without will topic', undefined, connect([4, 6, 0, 0, 0, 1, ...ascii('c')]), 'will.topic'],
    ['CONNECT will payload longer than the packet', undefined,
      connect([4, 6, 0, 0, 0, 1, ...ascii('c'), 0, 1, ...ascii('w'), 0, 9, 1]), 'will.payload'],
    ['CONNECT password flag without password', undefined,
      connect([4, 0xc2, 0, 0, 0, 1, ...ascii('c'), 0, 1, ...ascii('u')]), 'connect.password'],
    ['CONNECT 5 without property length', undefined, connect([5, 2, 0, 0]), 'connect.properties.length'],
    ['CONNECT 5 will flag without will properties', undefined,
      connect([5, 6, 0, 0, 0, 0, 1, ...ascii('c')]), 'will.properties.length'],
    ['CONNACK without return code', 4, [0x20, 1, 0], 'connack.reasonCode'],
    ['CONNACK 5 without property length', 5, [0x20, 2, 0, 0], 'connack.properties.length'],
    ['PUBLISH QoS 1 with a 1-byte packet id', 4, [0x32, 4, 0, 1, ...ascii('t'), 0], 'publish.packetId'],
    ['PUBLISH 5 without property length', 5, [0x30, 3, 0, 1, ...ascii('t')], 'publish.properties.length'],
    ['PUBLISH 5 user property without its value', 5,
      [0x30, 8, 0, 1, ...ascii('t'), 4, 0x26, 0, 1, ...ascii('k')], 'properties.userProperties'],
    ['PUBLISH 5 property identifier cut inside its block', 5,
      [0x30, 5, 0, 1, ...ascii('t'), 1, 0x80], 'properties.identifier'],
    ['PUBACK with a 1-byte packet id', 4, [0x40, 1, 0], 'puback.packetId'],
    ['PUBREL with no packet id', 5, [0x62, 0], 'pubrel.packetId'],
    ['SUBSCRIBE filter without options', 4, [0x82, 5, 0, 1, 0, 1, ...ascii('a')], 'subscribe.options'],
    ['SUBSCRIBE filter length past the packet', 5, [0x82, 6, 0, 1, 0, 0, 3, ...ascii('a')], 'subscribe.topicFilter'],
    ['UNSUBSCRIBE filter length past the packet', 4, [0xa2, 5, 0, 1, 0, 9, ...ascii('a')], 'unsubscribe.topicFilter'],
    ['UNSUBACK 5 without property length', 5, [0xb0, 2, 0, 1], 'unsuback.properties.length'],
  ];
  it.each(ROWS)('%s', (_name, version, bytes, field) => {
    const e = decodeError(bytes, { protocolVersion: version });
    expect(codeAndField(e)).toEqual({ code: 'TRUNCATED', field });
    expect(e.reasonCode).toBe(0x81);
  });
});

describe('maximum packet size: refused from the header, before the body arrives', () => {
  const CAP = 1024;
  // Remaining Length 268,435,455 (the wire maximum), of a PUBLISH, CONNECT and SUBSCRIBE.
  const HUGE = [0xff, 0xff, 0xff, 0x7f];
  const rows = VERSIONS.flatMap((v) =>
    [0x30, 0x10, 0x82].map((b1) => [NAMES[b1 >> 4] as string, v, b1] as const),
  );

  it.each(rows)(
    '%s, level %i: the header alone throws PACKET_TOO_LARGE (0x95)',
    (_n, version, b1) => {
      const parser = new MqttParser({ protocolVersion: version, maxPacketSize: CAP });
      const e = errorOf(() => parser.push(Buffer.from([b1, ...HUGE])));
      expect({ ...codeAndField(e), reasonCode: e.reasonCode }).toEqual({
        code: 'PACKET_TOO_LARGE',
        field: 'remainingLength',
        reasonCode: 0x95,
      });
      expect(parser.bufferedBytes).toBe(0);
    },
  );

  it.each(rows)(
    '%s, level %i: header bytes one at a time throw as soon as the size is known to exceed the cap',
    (_n, version, b1) => {
      const parser = new MqttParser({ protocolVersion: version, maxPacketSize: CAP });
      const header = [b1, ...HUGE];
      let thrownAt = -1;
      for (let i = 0; i < header.length && thrownAt < 0; i++) {
        try {
          expect(parser.push(Buffer.from([header[i] as number]))).toEqual([]);
          expect(parser.bufferedBytes).toBeLessThanOrEqual(i + 1);
        } catch (e: unknown) {
          expect(
            codeAndField(
              errorOf(() => {
                throw e;
              }),
            ),
          ).toEqual({ code: 'PACKET_TOO_LARGE', field: 'remainingLength' });
          thrownAt = i;
        }
      }
      // 0x30 0xff 0xff: at least 16,384 bytes to come, already over 1 KiB.
      expect(thrownAt).toBe(2);
      expect(parser.bufferedBytes).toBe(0);
    },
  );

  const publishOfSize = (total: number): PublishPacket => ({
    type: PacketType.PUBLISH,
    topic: 't',
    // 1 type byte + 2 length bytes (total >= 131) + 3 topic bytes.
    payload: Buffer.alloc(total - 6, 1),
    qos: 0,
    retain: false,
    dup: false,
    properties: undefined,
  });

  it('the cap counts the whole packet: exactly maxPacketSize parses, one byte more does not', () => {
    const at = encode(publishOfSize(CAP), 4);
    expect(at.length).toBe(CAP);
    expect(new MqttParser({ protocolVersion: 4, maxPacketSize: CAP }).push(at)).toEqual([
      publishOfSize(CAP),
    ]);
    const over = encode(publishOfSize(CAP + 1), 4);
    const parser = new MqttParser({ protocolVersion: 4, maxPacketSize: CAP });
    const e = errorOf(() => parser.push(over.subarray(0, 3)));
    expect({ code: e.code, value: e.value }).toEqual({ code: 'PACKET_TOO_LARGE', value: CAP + 1 });
  });
});

describe('encoder refusals: it never emits what a decoder must refuse', () => {
  const pub = (extra: Partial<PublishPacket>): Packet => ({
    type: PacketType.PUBLISH,
    topic: 't',
    payload: Buffer.alloc(0),
    qos: 1,
    retain: false,
    dup: false,
    packetId: 1,
    ...extra,
  });
  const connect = (extra: object): Packet => ({
    type: PacketType.CONNECT,
    protocolName: 'MQTT',
    protocolVersion: 5,
    cleanStart: true,
    keepAlive: 0,
    clientId: 'c',
    ...extra,
  });
  // prettier-ignore
  const ROWS: [string, Packet, ProtocolVersion, string, string][] = [
    ['[MQTT-2.2.1-3] packet id 0 on a QoS 2 PUBLISH', pub({ qos: 2, packetId: 0 }), 5, 'PACKET_ID_ZERO', 'publish.packetId'],
    ['[MQTT-2.2.1-3] packet id 0 on SUBSCRIBE', { type: PacketType.SUBSCRIBE, packetId: 0, subscriptions: [{ topicFilter: 'a', qos: 0 }] }, 4, 'PACKET_ID_ZERO', 'subscribe.packetId'],
    ['[MQTT-2.2.1-3] packet id 0 on UNSUBSCRIBE', { type: PacketType.UNSUBSCRIBE, packetId: 0, topicFilters: ['a'] }, 4, 'PACKET_ID_ZERO', 'unsubscribe.packetId'],
    ['[MQTT-2.2.1-3] packet id 0 on PUBREL', { type: PacketType.PUBREL, packetId: 0 }, 5, 'PACKET_ID_ZERO', 'pubrel.packetId'],
    ['[MQTT-2.2.1-3] packet id 0 on SUBACK', { type: PacketType.SUBACK, packetId: 0, reasonCodes: [0] }, 4, 'PACKET_ID_ZERO', 'suback.packetId'],
    ['[MQTT-2.2.1-3] packet id 0 on UNSUBACK', { type: PacketType.UNSUBACK, packetId: 0 }, 4, 'PACKET_ID_ZERO', 'unsuback.packetId'],
    ['2.2.1 a packet id is 16 bits: 65536', pub({ packetId: 65536 }), 4, 'VALUE_OUT_OF_RANGE', 'publish.packetId'],
    ['[MQTT-3.3.1-4] PUBLISH QoS 3', pub({ qos: 3 as 2 }), 4, 'INVALID_QOS', 'publish.qos'],
    ['[MQTT-3.1.2-14] will QoS 3', connect({ will: { topic: 'w', payload: Buffer.alloc(0), qos: 3, retain: false } }), 5, 'INVALID_QOS', 'connect.willQoS'],
    ['1.5.4 a topic of 65,536 UTF-8 bytes in 32,768 characters', pub({ topic: '\u00e9'.repeat(32768) }), 4, 'STRING_TOO_LONG', 'publish.topic'],
    ['[MQTT-1.5.4-1] a lone high surrogate at the end of a topic', pub({ topic: 'a\ud800' }), 4, 'INVALID_UTF8', 'publish.topic'],
    ['[MQTT-1.5.4-1] a lone low surrogate', pub({ topic: '\udc00a' }), 4, 'INVALID_UTF8', 'publish.topic'],
    ['[MQTT-1.5.4-1] a surrogate pair in the wrong order', pub({ topic: '\udc00\ud800' }), 4, 'INVALID_UTF8', 'publish.topic'],
    ['[MQTT-1.5.4-1] a lone surrogate in a topic filter', { type: PacketType.SUBSCRIBE, packetId: 1, subscriptions: [{ topicFilter: '\ud800', qos: 0 }] }, 4, 'INVALID_UTF8', 'subscribe.topicFilter'],
    ['[MQTT-1.5.4-1] a lone surrogate in a client id', connect({ clientId: '\udfff' }), 5, 'INVALID_UTF8', 'connect.clientId'],
    ['[MQTT-1.5.4-1] a lone surrogate in a user property', pub({ properties: { userProperties: [['k', 'v\ud800']] } }), 5, 'INVALID_UTF8', 'properties.userProperties'],
    ['[MQTT-1.5.4-2] U+0000 in a will topic', connect({ will: { topic: 'w\u0000', payload: Buffer.alloc(0), qos: 0, retain: false } }), 5, 'UTF8_NULL_CHARACTER', 'will.topic'],
    ['3.1.2.10 keep alive is 16 bits: 65536', connect({ keepAlive: 65536 }), 5, 'VALUE_OUT_OF_RANGE', 'connect.keepAlive'],
    ['1.5.6 a password of 65,536 bytes', connect({ username: 'u', password: Buffer.alloc(65536) }), 5, 'BINARY_TOO_LONG', 'connect.password'],
    ['1.5.6 correlation data of 65,536 bytes', pub({ properties: { correlationData: Buffer.alloc(65536) } }), 5, 'BINARY_TOO_LONG', 'properties.correlationData'],
    ['[MQTT-3.10.3-2] UNSUBSCRIBE without filters', { type: PacketType.UNSUBSCRIBE, packetId: 1, topicFilters: [] }, 5, 'EMPTY_UNSUBSCRIPTION_LIST', 'unsubscribe.topicFilters'],
    ['3.9.3 SUBACK without reason codes', { type: PacketType.SUBACK, packetId: 1, reasonCodes: [] }, 5, 'EMPTY_REASON_CODE_LIST', 'suback.reasonCodes'],
    ['[MQTT-3.9.3-2] SUBACK 3.1.1 return code 3', { type: PacketType.SUBACK, packetId: 1, reasonCodes: [3] }, 4, 'INVALID_REASON_CODE', 'suback.reasonCode'],
    ['3.1.1 Table 3.1 CONNACK return code 6', { type: PacketType.CONNACK, sessionPresent: false, reasonCode: 6 }, 4, 'INVALID_REASON_CODE', 'connack.reasonCode'],
    ['2.2.2.2 an unknown property name', pub({ properties: { bogus: 1 } as object }), 5, 'UNKNOWN_PROPERTY', 'properties.bogus'],
    ['3.3.2.3.2 Payload Format Indicator 2', pub({ properties: { payloadFormatIndicator: 2 as 1 } }), 5, 'INVALID_PROPERTY_VALUE', 'properties.payloadFormatIndicator'],
    ['3.1.2.11.2 Session Expiry Interval over 32 bits', connect({ properties: { sessionExpiryInterval: 2 ** 32 } }), 5, 'INVALID_PROPERTY_VALUE', 'properties.sessionExpiryInterval'],
    ['3.3.2.3.8 Subscription Identifier over the Variable Byte Integer maximum', pub({ properties: { subscriptionIdentifiers: [268_435_456] } }), 5, 'INVALID_PROPERTY_VALUE', 'properties.subscriptionIdentifiers'],
    ['3.2.2.3.5 Maximum QoS 2 (expressed by leaving it out)', { type: PacketType.CONNACK, sessionPresent: false, reasonCode: 0, properties: { maximumQoS: 2 as 1 } }, 5, 'INVALID_PROPERTY_VALUE', 'properties.maximumQoS'],
  ];
  it.each(ROWS)('%s', (_name, packet, version, code, field) => {
    expect(codeAndField(encodeError(packet, version))).toEqual({ code, field });
  });

  it('1.5.4 the 65,535-byte limit is counted in UTF-8 bytes, not characters', () => {
    const topic = '\u00e9'.repeat(32767) + 'a'; // 65,535 bytes
    const wire = encode(pub({ topic }), 4);
    const [p] = new MqttParser({ protocolVersion: 4 }).push(wire) as [PublishPacket];
    expect(p.topic).toBe(topic);
    // A surrogate pair is one 4-byte code point, and is fine.
    const emoji = encode(pub({ topic: 'a\ud83d\ude00' }), 4);
    expect([...emoji.subarray(4, 9)]).toEqual([0x61, 0xf0, 0x9f, 0x98, 0x80]);
  });

  it('2.1.4 a PUBLISH over the Remaining Length maximum (268,435,455) is refused', () => {
    // A fake payload that reports the length: allocating 256 MiB in a unit test is not worth it.
    const payload = { length: 268_435_456 } as unknown as Buffer;
    const e = encodeError(pub({ qos: 0, packetId: undefined, payload }), 4);
    expect(e.code).toBe('PACKET_TOO_LARGE');
  });
});
