import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../test/fixtures';
import { ascii, decodeError as decodeWith, encodeError } from '../test/expect-error';
import type { MqttCodecError } from './errors';
import { MqttParser } from './parser';
import { PROPERTY_SPECS } from './properties/table';
import { type Packet, PacketType, type ProtocolVersion, type PublishPacket } from './types';

// Complements errors.spec.ts: the remaining wire rules, mostly MQTT 5 properties and reason
// codes, each asserting {code, field} (plus reasonCode where the rule sets it), never messages.

/** A CONNECT with `body` after the protocol name: level, flags, keep alive, ... */
const connect = (name: string, body: number[]): number[] => {
  const all = [0, name.length, ...ascii(name), ...body];
  return [0x10, all.length, ...all];
};
/** A v5 PUBLISH QoS 0 to topic "t" with the given property bytes and no payload. */
const publish5 = (props: number[]): number[] => [
  0x30,
  3 + props.length,
  0,
  1,
  ...ascii('t'),
  ...props,
];

const decodeError = (bytes: number[], version?: ProtocolVersion): MqttCodecError =>
  decodeWith(bytes, { protocolVersion: version });

interface Case {
  readonly bytes: number[];
  readonly version: ProtocolVersion | undefined;
  readonly code: string;
  readonly field: string;
  readonly reasonCode?: number;
}

// prettier-ignore
const DECODING: Record<string, Case> = {
  '[MQTT-3.1.2-2] known name MQIsdp with level 4: unsupported version, answered with 0x84 / CONNACK 1':
    { bytes: connect('MQIsdp', [4, 0x02, 0, 0, 0, 1, ...ascii('c')]), version: undefined,
      code: 'UNSUPPORTED_PROTOCOL_VERSION', field: 'connect.protocolVersion', reasonCode: 0x84 },
  '3.1.2.11.3 Receive Maximum 0 is a Protocol Error':
    { bytes: connect('MQTT', [5, 0x02, 0, 0, 3, 0x21, 0, 0, 0, 0]), version: undefined,
      code: 'INVALID_PROPERTY_VALUE', field: 'properties.receiveMaximum', reasonCode: 0x82 },
  '3.1.2.11.4 Maximum Packet Size 0 is a Protocol Error':
    { bytes: connect('MQTT', [5, 0x02, 0, 0, 5, 0x27, 0, 0, 0, 0, 0, 0]), version: undefined,
      code: 'INVALID_PROPERTY_VALUE', field: 'properties.maximumPacketSize', reasonCode: 0x82 },
  '3.1.2.11.10 Authentication Data without Authentication Method':
    { bytes: connect('MQTT', [5, 0x02, 0, 0, 4, 0x16, 0, 1, 9, 0, 1, ...ascii('c')]), version: undefined,
      code: 'AUTH_DATA_WITHOUT_METHOD', field: 'properties.authenticationData', reasonCode: 0x82 },
  '3.1.3.2 Session Expiry Interval is not a will property':
    { bytes: connect('MQTT', [5, 0x06, 0, 0, 0, 0, 1, ...ascii('c'), 5, 0x11, 0, 0, 0, 1, 0, 1, ...ascii('w'), 0, 0]),
      version: undefined, code: 'PROPERTY_NOT_ALLOWED', field: 'will.properties.sessionExpiryInterval', reasonCode: 0x81 },
  '[MQTT-3.1.2-19] user name flag set but the user name is missing':
    { bytes: connect('MQTT', [4, 0x82, 0, 0, 0, 1, ...ascii('c')]), version: undefined,
      code: 'TRUNCATED', field: 'connect.username' },
  'bytes after the last CONNECT field':
    { bytes: connect('MQTT', [4, 0x02, 0, 0, 0, 1, ...ascii('c'), 0]), version: undefined,
      code: 'TRAILING_BYTES', field: 'connect' },
  '3.3.2.3.2 Payload Format Indicator other than 0 or 1':
    { bytes: publish5([2, 0x01, 2]), version: 5,
      code: 'INVALID_PROPERTY_VALUE', field: 'properties.payloadFormatIndicator' },
  '[MQTT-3.3.2-8] Topic Alias 0 is answered with 0x94 Topic Alias invalid':
    { bytes: publish5([3, 0x23, 0, 0]), version: 5,
      code: 'INVALID_PROPERTY_VALUE', field: 'properties.topicAlias', reasonCode: 0x94 },
  '3.3.2.3.8 Subscription Identifier 0 is a Protocol Error':
    { bytes: publish5([2, 0x0b, 0]), version: 5,
      code: 'INVALID_PROPERTY_VALUE', field: 'properties.subscriptionIdentifiers', reasonCode: 0x82 },
  '3.8.2.1.2 a SUBSCRIBE carries at most one Subscription Identifier':
    { bytes: [0x82, 10, 0, 1, 4, 0x0b, 1, 0x0b, 2, 0, 1, ...ascii('a'), 0], version: 5,
      code: 'DUPLICATE_PROPERTY', field: 'properties.subscriptionIdentifiers', reasonCode: 0x82 },
  '3.10.2.1 UNSUBSCRIBE may carry user properties only':
    { bytes: [0xa2, 10, 0, 1, 4, 0x1f, 0, 1, ...ascii('x'), 0, 1, ...ascii('a')], version: 5,
      code: 'PROPERTY_NOT_ALLOWED', field: 'properties.reasonString', reasonCode: 0x81 },
  '[MQTT-1.5.5-1] a property length over 4 bytes':
    { bytes: publish5([0xff, 0xff, 0xff, 0xff, 0x7f]), version: 5,
      code: 'MALFORMED_VARIABLE_BYTE_INTEGER', field: 'publish.properties.length', reasonCode: 0x81 },
  '[MQTT-1.5.5-1] a non-minimal property length (0x80 0x00)':
    { bytes: publish5([0x80, 0x00]), version: 5,
      code: 'MALFORMED_VARIABLE_BYTE_INTEGER', field: 'publish.properties.length' },
  '2.2.2.1 a property value may not run past its property block':
    { bytes: publish5([2, 0x23, 0, 1]), version: 5,
      code: 'TRUNCATED', field: 'properties.topicAlias', reasonCode: 0x81 },
  '2.2.2.1 a property block may not run past the packet':
    { bytes: publish5([5]), version: 5, code: 'TRUNCATED', field: 'publish.properties.length' },
  '[MQTT-3.8.3-5] SUBSCRIBE options bits 6-7 are reserved (v5)':
    { bytes: [0x82, 7, 0, 1, 0, 0, 1, ...ascii('a'), 0x40], version: 5,
      code: 'RESERVED_BIT_SET', field: 'subscribe.options', reasonCode: 0x81 },
  '3.1.1 3.2.2.1 CONNACK acknowledge flags bits 7-1 are reserved':
    { bytes: [0x20, 2, 0x02, 0], version: 4, code: 'RESERVED_BIT_SET', field: 'connack.flags' },
  '3.1.1 Table 3.1 CONNACK return codes 6-255 are reserved':
    { bytes: [0x20, 2, 0, 6], version: 4, code: 'INVALID_REASON_CODE', field: 'connack.reasonCode' },
  '3.4.2.1 0x04 is not a PUBACK reason code':
    { bytes: [0x40, 3, 0, 1, 0x04], version: 5, code: 'INVALID_REASON_CODE', field: 'puback.reasonCode' },
  '3.14.2.1 0x10 is not a DISCONNECT reason code':
    { bytes: [0xe0, 1, 0x10], version: 5, code: 'INVALID_REASON_CODE', field: 'disconnect.reasonCode' },
  '[MQTT-3.9.3-2] SUBACK 3.1.1 return code 3 is reserved':
    { bytes: [0x90, 3, 0, 1, 3], version: 4, code: 'INVALID_REASON_CODE', field: 'suback.reasonCode' },
  '3.9.3 a SUBACK has one reason code per filter, so at least one':
    { bytes: [0x90, 3, 0, 1, 0], version: 5, code: 'EMPTY_REASON_CODE_LIST', field: 'suback.reasonCodes' },
  '[MQTT-3.10.1-1] UNSUBSCRIBE flags must be 0010':
    { bytes: [0xa0, 5, 0, 1, 0, 1, ...ascii('a')], version: 4,
      code: 'INVALID_FIXED_HEADER_FLAGS', field: 'fixedHeader.flags', reasonCode: 0x81 },
  '3.1.1 3.14 DISCONNECT has no body':
    { bytes: [0xe0, 1, 0], version: 4, code: 'TRAILING_BYTES', field: 'disconnect' },
  '3.12 PINGREQ has no body':
    { bytes: [0xc0, 1, 0], version: 4, code: 'TRAILING_BYTES', field: 'pingreq' },
  '[MQTT-1.5.4-1] an overlong encoding (C0 80 for U+0000) is ill-formed':
    { bytes: [0x30, 5, 0, 2, 0xc0, 0x80, 0], version: 4, code: 'INVALID_UTF8', field: 'publish.topic' },
  '[MQTT-1.5.4-1] ill-formed UTF-8 in a long (native-validated) client id':
    { bytes: connect('MQTT', [4, 0x02, 0, 0, 0, 60, ...new Array<number>(59).fill(0x61), 0xff]),
      version: undefined, code: 'INVALID_UTF8', field: 'connect.clientId' },
};

describe('more decoding errors: {code, field, reasonCode}', () => {
  it.each(Object.entries(DECODING))('%s', (_name, c) => {
    const e = decodeError(c.bytes, c.version);
    expect({ code: e.code, field: e.field }).toEqual({ code: c.code, field: c.field });
    if (c.reasonCode !== undefined) expect(e.reasonCode).toBe(c.reasonCode);
  });

  it('[MQTT-3.1.2-2] carries the requested level so the server can pick the CONNACK format', () => {
    const e = decodeError(connect('MQTT', [6, 0x02, 0, 0, 0, 1, ...ascii('c')]));
    expect({ code: e.code, value: e.value }).toEqual({
      code: 'UNSUPPORTED_PROTOCOL_VERSION',
      value: 6,
    });
  });
});

describe('what the rules allow', () => {
  it('3.1.2.9 MQTT 5 accepts a password without a user name (3.1.1 does not)', () => {
    const body = [0x42, 0, 0, 0, 0, 1, ...ascii('c'), 0, 1, 0x70];
    const [p] = new MqttParser().push(Buffer.from(connect('MQTT', [5, ...body])));
    expect(p).toMatchObject({ type: PacketType.CONNECT, password: Buffer.from('p') });
    expect(
      decodeError(connect('MQTT', [4, 0x42, 0, 0, 0, 1, ...ascii('c'), 0, 1, 0x70])).code,
    ).toBe('PASSWORD_WITHOUT_USERNAME');
  });

  it('2.2.2.2 user properties may repeat, in order, with repeated names', () => {
    const pair = (k: string, v: string) => [0x26, 0, 1, ...ascii(k), 0, 1, ...ascii(v)];
    const props = [...pair('a', '1'), ...pair('a', '2'), ...pair('b', '3')];
    const [p] = new MqttParser({ protocolVersion: 5 }).push(
      Buffer.from(publish5([props.length, ...props])),
    ) as [PublishPacket];
    expect(p.properties?.userProperties).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['b', '3'],
    ]);
  });

  it('[MQTT-1.5.4-3] a BOM is kept as a character, not stripped', () => {
    const [p] = new MqttParser({ protocolVersion: 4 }).push(
      Buffer.from([0x30, 6, 0, 4, 0xef, 0xbb, 0xbf, ...ascii('t')]),
    ) as [PublishPacket];
    expect(p.topic).toBe('\ufefft');
  });

  it('the codec leaves topic semantics to the protocol layer: wildcards and empty topics decode', () => {
    const [p] = new MqttParser({ protocolVersion: 4 }).push(
      Buffer.from([0x30, 5, 0, 3, ...ascii('a/#')]),
    ) as [PublishPacket];
    expect(p.topic).toBe('a/#');
  });
});

describe('more encoding errors: the encoder refuses what the decoder would', () => {
  const base = {
    type: PacketType.CONNECT,
    protocolName: 'MQTT',
    protocolVersion: 5,
    cleanStart: true,
    keepAlive: 0,
    clientId: 'c',
  } as const;
  const pub = {
    type: PacketType.PUBLISH,
    topic: 't',
    payload: Buffer.alloc(0),
    qos: 0,
    retain: false,
    dup: false,
  } as const;
  // prettier-ignore
  const ENCODING: [string, Packet, ProtocolVersion, string, string, number?][] = [
    ['CONNECT level differs from the version asked for', base, 4, 'VERSION_MISMATCH', 'connect.protocolVersion'],
    ['[MQTT-3.1.2-22] password without user name in 3.1.1', { ...base, protocolVersion: 4, password: Buffer.from('p') }, 4,
      'PASSWORD_WITHOUT_USERNAME', 'connect.flags'],
    ['3.1.2.11.3 Receive Maximum 0', { ...base, properties: { receiveMaximum: 0 } }, 5,
      'INVALID_PROPERTY_VALUE', 'properties.receiveMaximum', 0x82],
    ['[MQTT-3.3.2-8] Topic Alias 0', { ...pub, properties: { topicAlias: 0 } }, 5,
      'INVALID_PROPERTY_VALUE', 'properties.topicAlias', 0x94],
    ['2.2.2.2 a property the packet may not carry', { ...pub, properties: { sessionExpiryInterval: 1 } }, 5,
      'PROPERTY_NOT_ALLOWED', 'properties.sessionExpiryInterval'],
    ['a will property the will may not carry',
      { ...base, will: { topic: 'w', payload: Buffer.alloc(0), qos: 0, retain: false, properties: { topicAlias: 1 } } }, 5,
      'PROPERTY_NOT_ALLOWED', 'will.properties.topicAlias'],
    ['3.8.2.1.2 two Subscription Identifiers on a SUBSCRIBE',
      { type: PacketType.SUBSCRIBE, packetId: 1, subscriptions: [{ topicFilter: 'a', qos: 0 }], properties: { subscriptionIdentifiers: [1, 2] } }, 5,
      'DUPLICATE_PROPERTY', 'properties.subscriptionIdentifiers'],
    ['3.8.3.1 Retain Handling 3',
      { type: PacketType.SUBSCRIBE, packetId: 1, subscriptions: [{ topicFilter: 'a', qos: 0, retainHandling: 3 as 0 }] }, 5,
      'INVALID_RETAIN_HANDLING', 'subscribe.options'],
    ['[MQTT-3.8.3-3] SUBSCRIBE without filters', { type: PacketType.SUBSCRIBE, packetId: 1, subscriptions: [] }, 4,
      'EMPTY_SUBSCRIPTION_LIST', 'subscribe.subscriptions'],
    ['AUTH does not exist in 3.1.1', { type: PacketType.AUTH, reasonCode: 0 }, 4, 'INVALID_PACKET_TYPE', 'auth'],
    ['3.4.2.1 0x04 is not a PUBACK reason code', { type: PacketType.PUBACK, packetId: 1, reasonCode: 4 }, 5,
      'INVALID_REASON_CODE', 'puback.reasonCode'],
    ['[MQTT-3.3.1-2] DUP on QoS 0', { ...pub, dup: true }, 4, 'INVALID_FIXED_HEADER_FLAGS', 'publish.dup'],
  ];
  it.each(ENCODING)('%s', (_name, packet, version, code, field, reasonCode) => {
    const e = encodeError(packet, version);
    expect({ code: e.code, field: e.field }).toEqual({ code, field });
    if (reasonCode !== undefined) expect(e.reasonCode).toBe(reasonCode);
  });
});

describe('fixture coverage', () => {
  it('every property of the table appears in at least one MQTT 5 fixture', () => {
    const seen = new Set<string>();
    for (const f of FIXTURES) {
      const p = f.packet as { properties?: object; will?: { properties?: object } };
      for (const k of Object.keys(p.properties ?? {})) seen.add(k);
      for (const k of Object.keys(p.will?.properties ?? {})) seen.add(k);
    }
    expect(PROPERTY_SPECS.map((s) => s.name).filter((n) => !seen.has(n))).toEqual([]);
  });

  it('every packet type has a fixture in each version that has it', () => {
    const missing: string[] = [];
    for (const version of [3, 4, 5] as const) {
      for (const type of Object.values(PacketType)) {
        if (type === PacketType.AUTH && version !== 5) continue;
        if (!FIXTURES.some((f) => f.version === version && f.packet.type === type)) {
          missing.push(`v${version} type ${type}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
