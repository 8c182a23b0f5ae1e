import { describe, expect, it } from 'vitest';
import { ascii, decodeError, encodeError } from '../test/expect-error';
import { MqttCodecError } from './errors';
import { MqttParser } from './parser';
import { PacketType, type ProtocolVersion } from './types';

const connect4 = (flags: number, rest: number[] = [0, 1, ...ascii('c')]) => {
  const body = [0, 4, ...ascii('MQTT'), 4, flags, 0, 0, ...rest];
  return [0x10, body.length, ...body];
};

const parseError = (
  bytes: number[],
  version?: ProtocolVersion,
  maxPacketSize?: number,
): MqttCodecError => decodeError(bytes, { protocolVersion: version, maxPacketSize });

describe('decoding errors: {code, field}', () => {
  it.each([
    [
      '[MQTT-3.1.2-3] reserved CONNECT flag',
      connect4(0x01),
      undefined,
      'RESERVED_BIT_SET',
      'connect.flags',
    ],
    [
      '[MQTT-3.1.2-11] will QoS 1 and will retain without will flag',
      connect4(0x28),
      undefined,
      'INVALID_WILL_FLAGS',
      'connect.flags',
    ],
    [
      '[MQTT-3.1.2-13] will QoS 2 without will flag',
      connect4(0x10),
      undefined,
      'INVALID_WILL_FLAGS',
      'connect.flags',
    ],
    [
      '[MQTT-3.1.2-15] will retain without will flag',
      connect4(0x20),
      undefined,
      'INVALID_WILL_FLAGS',
      'connect.flags',
    ],
    ['[MQTT-3.1.2-14] will QoS 3', connect4(0x1c), undefined, 'INVALID_QOS', 'connect.willQoS'],
    [
      '[MQTT-3.1.2-22] password without user name (3.1.1)',
      connect4(0x40, [0, 1, ...ascii('c'), 0, 1, 9]),
      undefined,
      'PASSWORD_WITHOUT_USERNAME',
      'connect.flags',
    ],
    [
      '[MQTT-3.1.2-2] unknown protocol level',
      [0x10, 10, 0, 4, ...ascii('MQTT'), 9, 0x02, 0, 0],
      undefined,
      'UNSUPPORTED_PROTOCOL_VERSION',
      'connect.protocolVersion',
    ],
    [
      '[MQTT-3.1.2-1] unknown protocol name',
      [0x10, 10, 0, 4, ...ascii('MQTX'), 4, 0x02, 0, 0],
      undefined,
      'INVALID_PROTOCOL_NAME',
      'connect.protocolName',
    ],
    [
      '[MQTT-3.3.1-4] PUBLISH QoS 3',
      [0x36, 5, 0, 1, ...ascii('t'), 0, 1],
      4,
      'INVALID_QOS',
      'publish.qos',
    ],
    [
      '[MQTT-3.3.1-2] DUP on a QoS 0 PUBLISH',
      [0x38, 3, 0, 1, ...ascii('t')],
      4,
      'INVALID_FIXED_HEADER_FLAGS',
      'publish.dup',
    ],
    [
      '[MQTT-2.2.1-3] packet id 0 on QoS 1 PUBLISH',
      [0x32, 5, 0, 1, ...ascii('t'), 0, 0],
      4,
      'PACKET_ID_ZERO',
      'publish.packetId',
    ],
    [
      '[MQTT-2.2.1-3] PUBACK with packet id 0',
      [0x40, 2, 0, 0],
      4,
      'PACKET_ID_ZERO',
      'puback.packetId',
    ],
    [
      '[MQTT-3.6.1-1] PUBREL flags not 0010',
      [0x60, 2, 0, 1],
      4,
      'INVALID_FIXED_HEADER_FLAGS',
      'fixedHeader.flags',
    ],
    [
      '[MQTT-3.8.1-1] SUBSCRIBE flags not 0010',
      [0x80, 6, 0, 1, 0, 1, ...ascii('a'), 0],
      4,
      'INVALID_FIXED_HEADER_FLAGS',
      'fixedHeader.flags',
    ],
    [
      '[MQTT-2.1.3-1] PINGREQ with flags',
      [0xc1, 0],
      4,
      'INVALID_FIXED_HEADER_FLAGS',
      'fixedHeader.flags',
    ],
    [
      '2.2.1 Table 2.1: packet type 0 is reserved',
      [0x00, 0],
      4,
      'INVALID_PACKET_TYPE',
      'fixedHeader.type',
    ],
    [
      '3.1.1 Table 2.1: type 15 (AUTH) is reserved before MQTT 5',
      [0xf0, 0],
      4,
      'INVALID_PACKET_TYPE',
      'fixedHeader.type',
    ],
    [
      '2.2.3: a Remaining Length takes at most 4 bytes',
      [0x30, 0xff, 0xff, 0xff, 0xff, 0x01],
      4,
      'MALFORMED_REMAINING_LENGTH',
      'remainingLength',
    ],
    [
      '[MQTT-1.5.4-1] ill-formed UTF-8 in a topic',
      [0x30, 4, 0, 2, 0xc3, 0x28],
      4,
      'INVALID_UTF8',
      'publish.topic',
    ],
    [
      '[MQTT-1.5.4-1] UTF-16 surrogate encoded in UTF-8',
      [0x30, 5, 0, 3, 0xed, 0xa0, 0x80],
      4,
      'INVALID_UTF8',
      'publish.topic',
    ],
    [
      '[MQTT-1.5.4-2] U+0000 in a topic',
      [0x30, 4, 0, 2, 0x61, 0x00],
      4,
      'UTF8_NULL_CHARACTER',
      'publish.topic',
    ],
    [
      '[MQTT-3.8.3-3] SUBSCRIBE without filters',
      [0x82, 2, 0, 1],
      4,
      'EMPTY_SUBSCRIPTION_LIST',
      'subscribe.subscriptions',
    ],
    [
      '[MQTT-3.10.3-2] UNSUBSCRIBE without filters',
      [0xa2, 2, 0, 1],
      4,
      'EMPTY_UNSUBSCRIPTION_LIST',
      'unsubscribe.topicFilters',
    ],
    [
      '[MQTT-3.8.3-4] SUBSCRIBE reserved option bits (3.1.1)',
      [0x82, 6, 0, 1, 0, 1, ...ascii('a'), 0x04],
      4,
      'RESERVED_BIT_SET',
      'subscribe.options',
    ],
    [
      '[MQTT-3.8.3-4] SUBSCRIBE requested QoS 3',
      [0x82, 6, 0, 1, 0, 1, ...ascii('a'), 0x03],
      4,
      'INVALID_QOS',
      'subscribe.options',
    ],
    [
      '3.8.3.1 v5 Retain Handling 3',
      [0x82, 7, 0, 1, 0, 0, 1, ...ascii('a'), 0x30],
      5,
      'INVALID_RETAIN_HANDLING',
      'subscribe.options',
    ],
    [
      '3.3.2.3.4 v5 duplicate property (Topic Alias twice)',
      [0x30, 10, 0, 1, ...ascii('t'), 6, 0x23, 0, 1, 0x23, 0, 1],
      5,
      'DUPLICATE_PROPERTY',
      'properties.topicAlias',
    ],
    [
      '2.2.2.2 v5 property not allowed on the packet',
      [0x30, 9, 0, 1, ...ascii('t'), 5, 0x11, 0, 0, 0, 1],
      5,
      'PROPERTY_NOT_ALLOWED',
      'properties.sessionExpiryInterval',
    ],
    [
      '2.2.2.2 v5 unknown property identifier',
      [0x30, 6, 0, 1, ...ascii('t'), 2, 0x7f, 0],
      5,
      'UNKNOWN_PROPERTY',
      'properties.identifier',
    ],
    [
      '[MQTT-3.3.2-8] v5 topic alias 0',
      [0x30, 7, 0, 1, ...ascii('t'), 3, 0x23, 0, 0],
      5,
      'INVALID_PROPERTY_VALUE',
      'properties.topicAlias',
    ],
    [
      '3.4.1 PUBACK Remaining Length is 2 in 3.1.1: trailing bytes',
      [0x40, 3, 0, 1, 0],
      4,
      'TRAILING_BYTES',
      'puback',
    ],
    [
      '3.3.2.1 topic length runs past the packet: truncated',
      [0x30, 3, 0, 5, 0x61],
      4,
      'TRUNCATED',
      'publish.topic',
    ],
  ] as const)('%s', (_name, bytes, version, code, field) => {
    const e = parseError([...bytes], version);
    expect({ code: e.code, field: e.field }).toEqual({ code, field });
  });

  it('3.2.2.3.6 Maximum Packet Size: a packet over the cap reports PACKET_TOO_LARGE with reason 0x95', () => {
    const e = parseError([0x30, 0x80, 0x80, 0x40], 4, 1000); // remaining length 1 MiB
    expect({ code: e.code, field: e.field, reasonCode: e.reasonCode }).toEqual({
      code: 'PACKET_TOO_LARGE',
      field: 'remainingLength',
      reasonCode: 0x95,
    });
  });

  it('rejects an oversized packet from its header alone, before any body is buffered', () => {
    const parser = new MqttParser({ maxPacketSize: 1024 });
    parser.push(Buffer.from([0x10, 12, 0, 4, ...ascii('MQTT'), 4, 2, 0, 0, 0, 0]));
    let error: unknown;
    try {
      parser.push(Buffer.from([0x30, 0xff, 0xff, 0x7f]));
    } catch (e: unknown) {
      error = e;
    }
    expect(error).toBeInstanceOf(MqttCodecError);
    expect((error as MqttCodecError).code).toBe('PACKET_TOO_LARGE');
    expect(parser.bufferedBytes).toBe(0);
  });
});

describe('encoding errors: the encoder refuses what the decoder would', () => {
  const publish = {
    type: PacketType.PUBLISH,
    topic: 't',
    payload: Buffer.alloc(0),
    qos: 1,
    retain: false,
    dup: false,
  } as const;
  it.each([
    [
      '[MQTT-2.2.1-3] QoS 1 without packet id',
      { ...publish, packetId: undefined },
      'VALUE_OUT_OF_RANGE',
      'publish.packetId',
    ],
    [
      '[MQTT-2.2.1-3] packet id 0',
      { ...publish, packetId: 0 },
      'PACKET_ID_ZERO',
      'publish.packetId',
    ],
    [
      'topic over 65535 bytes',
      { ...publish, packetId: 1, topic: 'x'.repeat(65536) },
      'STRING_TOO_LONG',
      'publish.topic',
    ],
    [
      'lone surrogate in a topic',
      { ...publish, packetId: 1, topic: 'a\ud800' },
      'INVALID_UTF8',
      'publish.topic',
    ],
    [
      '[MQTT-1.5.4-2] U+0000 in a topic',
      { ...publish, packetId: 1, topic: 'a\u0000' },
      'UTF8_NULL_CHARACTER',
      'publish.topic',
    ],
  ] as const)('%s', (_name, packet, code, field) => {
    const e = encodeError(packet, 4);
    expect({ code: e.code, field: e.field }).toEqual({ code, field });
  });
});
