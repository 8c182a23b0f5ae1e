import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { ascii, codeAndField, decodeError } from '../test/expect-error';
import type { ProtocolVersion } from './types';

/**
 * Where the two codecs disagree on purpose, pinned as tables so that a change on either side
 * shows up: inputs mqtt-packet 9.0.2 accepts and ours refuses (ours is stricter: each row is a
 * MUST of the spec), then inputs both refuse. The generated differential tests
 * (differential*.spec.ts) only use inputs both accept.
 */

/** What mqtt-packet does with `bytes`: the packet it emits, or its error. */
function theirs(bytes: number[], protocolVersion: ProtocolVersion): 'packet' | 'error' | 'none' {
  const parser = mqttPacket.parser({ protocolVersion });
  let outcome: 'packet' | 'error' | 'none' = 'none';
  parser.on('packet', () => {
    if (outcome === 'none') outcome = 'packet';
  });
  parser.on('error', () => {
    outcome = 'error';
  });
  parser.parse(Buffer.from(bytes));
  return outcome;
}

const connect = (level: number, flags: number, rest: number[] = [0, 1, ...ascii('c')]) => {
  const body = [0, 4, ...ascii('MQTT'), level, flags, 0, 0, ...rest];
  return [0x10, body.length, ...body];
};

// prettier-ignore
const LENIENT: [string, ProtocolVersion, number[], string, string][] = [
  ['[MQTT-3.3.1-2] DUP on a QoS 0 PUBLISH', 4, [0x38, 3, 0, 1, ...ascii('t')], 'INVALID_FIXED_HEADER_FLAGS', 'publish.dup'],
  ['[MQTT-1.5.4-2] U+0000 in a topic', 4, [0x30, 4, 0, 2, 0x61, 0x00], 'UTF8_NULL_CHARACTER', 'publish.topic'],
  ['[MQTT-1.5.4-1] ill-formed UTF-8 in a topic (it decodes U+FFFD)', 4, [0x30, 4, 0, 2, 0xc3, 0x28], 'INVALID_UTF8', 'publish.topic'],
  ['[MQTT-1.5.4-1] an encoded surrogate in a topic', 4, [0x30, 5, 0, 3, 0xed, 0xa0, 0x80], 'INVALID_UTF8', 'publish.topic'],
  ['[MQTT-2.2.1-3] packet id 0 on a QoS 1 PUBLISH', 4, [0x32, 5, 0, 1, ...ascii('t'), 0, 0], 'PACKET_ID_ZERO', 'publish.packetId'],
  ['[MQTT-2.2.1-3] packet id 0 on PUBACK', 4, [0x40, 2, 0, 0], 'PACKET_ID_ZERO', 'puback.packetId'],
  ['3.4.1 trailing bytes after a 3.1.1 PUBACK', 4, [0x40, 3, 0, 1, 0], 'TRAILING_BYTES', 'puback'],
  ['[MQTT-3.8.3-3] SUBSCRIBE without filters', 4, [0x82, 2, 0, 1], 'EMPTY_SUBSCRIPTION_LIST', 'subscribe.subscriptions'],
  ['[MQTT-3.10.3-2] UNSUBSCRIBE without filters', 4, [0xa2, 2, 0, 1], 'EMPTY_UNSUBSCRIPTION_LIST', 'unsubscribe.topicFilters'],
  ['3.9.3 SUBACK without return codes', 4, [0x90, 2, 0, 1], 'EMPTY_REASON_CODE_LIST', 'suback.reasonCodes'],
  ['3.1.1 Table 3.1 CONNACK return code 6', 4, [0x20, 2, 0, 6], 'INVALID_REASON_CODE', 'connack.reasonCode'],
  ['[MQTT-3.1.2-22] 3.1.1 password without user name', 4, connect(4, 0x42, [0, 1, ...ascii('c'), 0, 1, 9]), 'PASSWORD_WITHOUT_USERNAME', 'connect.flags'],
  ['3.3.2.3.4 duplicate Topic Alias (it makes an array)', 5, [0x30, 10, 0, 1, ...ascii('t'), 6, 0x23, 0, 1, 0x23, 0, 1], 'DUPLICATE_PROPERTY', 'properties.topicAlias'],
  ['[MQTT-3.3.2-8] Topic Alias 0', 5, [0x30, 7, 0, 1, ...ascii('t'), 3, 0x23, 0, 0], 'INVALID_PROPERTY_VALUE', 'properties.topicAlias'],
  ['2.2.2.2 Session Expiry Interval on a PUBLISH', 5, [0x30, 9, 0, 1, ...ascii('t'), 5, 0x11, 0, 0, 0, 1], 'PROPERTY_NOT_ALLOWED', 'properties.sessionExpiryInterval'],
  ['3.1.2.11.3 Receive Maximum 0', 5, connect(5, 0x02, [3, 0x21, 0, 0, 0, 1, ...ascii('c')]), 'INVALID_PROPERTY_VALUE', 'properties.receiveMaximum'],
  ['[MQTT-1.5.5-1] a non-minimal Remaining Length in MQTT 5', 5, [0xc0, 0x80, 0x00], 'MALFORMED_REMAINING_LENGTH', 'remainingLength'],
];

// prettier-ignore
const BOTH_REFUSE: [string, ProtocolVersion, number[], string, string][] = [
  ['[MQTT-3.1.2-3] reserved CONNECT flag', 4, connect(4, 0x03), 'RESERVED_BIT_SET', 'connect.flags'],
  ['[MQTT-3.1.2-13] will QoS without will flag', 4, connect(4, 0x0a), 'INVALID_WILL_FLAGS', 'connect.flags'],
  ['[MQTT-3.1.2-15] will retain without will flag', 4, connect(4, 0x22), 'INVALID_WILL_FLAGS', 'connect.flags'],
  ['[MQTT-3.6.1-1] PUBREL flags 0000', 4, [0x60, 2, 0, 1], 'INVALID_FIXED_HEADER_FLAGS', 'fixedHeader.flags'],
  ['[MQTT-3.8.1-1] SUBSCRIBE flags 0000', 4, [0x80, 6, 0, 1, 0, 1, ...ascii('a'), 0], 'INVALID_FIXED_HEADER_FLAGS', 'fixedHeader.flags'],
  ['[MQTT-2.1.3-1] PINGREQ flags 0001', 4, [0xc1, 0], 'INVALID_FIXED_HEADER_FLAGS', 'fixedHeader.flags'],
  ['[MQTT-3.8.3-4] SUBSCRIBE reserved option bits', 4, [0x82, 6, 0, 1, 0, 1, ...ascii('a'), 0x04], 'RESERVED_BIT_SET', 'subscribe.options'],
  ['[MQTT-3.8.3-4] SUBSCRIBE QoS 3', 4, [0x82, 6, 0, 1, 0, 1, ...ascii('a'), 0x03], 'INVALID_QOS', 'subscribe.options'],
  ['3.8.3.1 Retain Handling 3', 5, [0x82, 7, 0, 1, 0, 0, 1, ...ascii('a'), 0x30], 'INVALID_RETAIN_HANDLING', 'subscribe.options'],
  ['[MQTT-3.9.3-2] SUBACK return code 3', 4, [0x90, 3, 0, 1, 3], 'INVALID_REASON_CODE', 'suback.reasonCode'],
  ['2.2.2.2 unknown property identifier', 5, [0x30, 6, 0, 1, ...ascii('t'), 2, 0x7f, 0], 'UNKNOWN_PROPERTY', 'properties.identifier'],
  ['2.2.3 a 5-byte Remaining Length', 4, [0x30, 0xff, 0xff, 0xff, 0xff, 0x01], 'MALFORMED_REMAINING_LENGTH', 'remainingLength'],
  ['3.1.1 Table 2.1 AUTH before MQTT 5', 4, [0xf0, 0], 'INVALID_PACKET_TYPE', 'fixedHeader.type'],
];

describe('mqtt-packet accepts, ours refuses (ours follows the MUST)', () => {
  it.each(LENIENT)('%s', (_name, version, bytes, code, field) => {
    expect(theirs(bytes, version)).toBe('packet');
    expect(codeAndField(decodeError(bytes, { protocolVersion: version }))).toEqual({ code, field });
  });
});

describe('both refuse', () => {
  it.each(BOTH_REFUSE)('%s', (_name, version, bytes, code, field) => {
    expect(theirs(bytes, version)).toBe('error');
    expect(codeAndField(decodeError(bytes, { protocolVersion: version }))).toEqual({ code, field });
  });
});
