import { ReasonCode } from './reason-codes';

/**
 * Stable machine-readable error codes. Callers (the protocol layer) branch on these, never on
 * message text. Each code has a default v5 reason code (what a server would put in CONNACK or
 * DISCONNECT); a few rules override it (e.g. Topic Alias 0 is 0x94, not 0x82).
 */
export const CodecErrorCode = {
  /** Whole packet (fixed header included) exceeds the cap; or a value exceeds the wire maximum. */
  PACKET_TOO_LARGE: 'PACKET_TOO_LARGE',
  /** Remaining Length longer than 4 bytes, or non-minimal under MQTT 5 [MQTT-1.5.5-1]. */
  MALFORMED_REMAINING_LENGTH: 'MALFORMED_REMAINING_LENGTH',
  /** A Variable Byte Integer inside the packet (property length, property id, subscription id). */
  MALFORMED_VARIABLE_BYTE_INTEGER: 'MALFORMED_VARIABLE_BYTE_INTEGER',
  /** Packet type 0 (reserved), or AUTH (15) outside MQTT 5. */
  INVALID_PACKET_TYPE: 'INVALID_PACKET_TYPE',
  /** Fixed header flag bits not as required for the packet type [MQTT-2.1.3-1]. */
  INVALID_FIXED_HEADER_FLAGS: 'INVALID_FIXED_HEADER_FLAGS',
  /** Ill-formed UTF-8, including encoded surrogates and overlong forms [MQTT-1.5.4-1]. */
  INVALID_UTF8: 'INVALID_UTF8',
  /** U+0000 inside a UTF-8 string [MQTT-1.5.4-2]. */
  UTF8_NULL_CHARACTER: 'UTF8_NULL_CHARACTER',
  /** Packet Identifier 0 [MQTT-2.2.1-3]. */
  PACKET_ID_ZERO: 'PACKET_ID_ZERO',
  /** A property that may appear once appears twice (2.2.2.2). */
  DUPLICATE_PROPERTY: 'DUPLICATE_PROPERTY',
  /** A known property on a packet type that may not carry it (2.2.2.2). */
  PROPERTY_NOT_ALLOWED: 'PROPERTY_NOT_ALLOWED',
  /** An unknown property identifier (2.2.2.2). */
  UNKNOWN_PROPERTY: 'UNKNOWN_PROPERTY',
  /** A property value outside its range (e.g. Receive Maximum 0, Topic Alias 0). */
  INVALID_PROPERTY_VALUE: 'INVALID_PROPERTY_VALUE',
  /** A field runs past the end of the packet (Remaining Length too short for its content). */
  TRUNCATED: 'TRUNCATED',
  /** Bytes left after the last field of a packet. */
  TRAILING_BYTES: 'TRAILING_BYTES',
  /** QoS 3 in PUBLISH, Will QoS or subscription options. */
  INVALID_QOS: 'INVALID_QOS',
  /** A reserved bit is 1: CONNECT flags bit 0, CONNACK flags bits 7-1, subscription options. */
  RESERVED_BIT_SET: 'RESERVED_BIT_SET',
  /** v5 subscription option Retain Handling = 3 (3.8.3.1). */
  INVALID_RETAIN_HANDLING: 'INVALID_RETAIN_HANDLING',
  /** Known protocol name with an unknown level: answer CONNACK 0x01 (v3/v4) or 0x84 (v5). */
  UNSUPPORTED_PROTOCOL_VERSION: 'UNSUPPORTED_PROTOCOL_VERSION',
  /** Protocol name is neither `MQTT` nor `MQIsdp`, or does not match the level. */
  INVALID_PROTOCOL_NAME: 'INVALID_PROTOCOL_NAME',
  /** Will QoS/Retain set without the Will Flag [MQTT-3.1.2-11/13/15]. */
  INVALID_WILL_FLAGS: 'INVALID_WILL_FLAGS',
  /** MQTT 3.1/3.1.1 CONNECT with a password but no username [MQTT-3.1.2-22] (allowed in v5). */
  PASSWORD_WITHOUT_USERNAME: 'PASSWORD_WITHOUT_USERNAME',
  /** v5 Authentication Data without an Authentication Method (3.1.2.11.10). */
  AUTH_DATA_WITHOUT_METHOD: 'AUTH_DATA_WITHOUT_METHOD',
  /** SUBSCRIBE without any topic filter [MQTT-3.8.3-3]. */
  EMPTY_SUBSCRIPTION_LIST: 'EMPTY_SUBSCRIPTION_LIST',
  /** UNSUBSCRIBE without any topic filter [MQTT-3.10.3-2]. */
  EMPTY_UNSUBSCRIPTION_LIST: 'EMPTY_UNSUBSCRIPTION_LIST',
  /** SUBACK (or v5 UNSUBACK) without any reason code. */
  EMPTY_REASON_CODE_LIST: 'EMPTY_REASON_CODE_LIST',
  /** A reason/return code not defined for the packet type and version. */
  INVALID_REASON_CODE: 'INVALID_REASON_CODE',
  /** Encode only: a UTF-8 string longer than 65535 bytes. */
  STRING_TOO_LONG: 'STRING_TOO_LONG',
  /** Encode only: binary data (password, will payload, correlation data ...) over 65535 bytes. */
  BINARY_TOO_LONG: 'BINARY_TOO_LONG',
  /** Encode only: a number outside its field's range (keepAlive > 65535, packetId > 65535, ...). */
  VALUE_OUT_OF_RANGE: 'VALUE_OUT_OF_RANGE',
  /** Encode only: CONNECT protocolVersion differs from the version asked for. */
  VERSION_MISMATCH: 'VERSION_MISMATCH',
} as const;
export type CodecErrorCode = (typeof CodecErrorCode)[keyof typeof CodecErrorCode];

const R = ReasonCode;

/** Default v5 reason code per error: 0x81 when the bytes cannot be parsed, 0x82 when they parse but break a rule. */
const DEFAULT_REASON: Readonly<Record<CodecErrorCode, number>> = {
  PACKET_TOO_LARGE: R.PacketTooLarge,
  MALFORMED_REMAINING_LENGTH: R.MalformedPacket,
  MALFORMED_VARIABLE_BYTE_INTEGER: R.MalformedPacket,
  INVALID_PACKET_TYPE: R.MalformedPacket,
  INVALID_FIXED_HEADER_FLAGS: R.MalformedPacket,
  INVALID_UTF8: R.MalformedPacket,
  UTF8_NULL_CHARACTER: R.MalformedPacket,
  PACKET_ID_ZERO: R.ProtocolError,
  DUPLICATE_PROPERTY: R.ProtocolError,
  PROPERTY_NOT_ALLOWED: R.MalformedPacket,
  UNKNOWN_PROPERTY: R.MalformedPacket,
  INVALID_PROPERTY_VALUE: R.ProtocolError,
  TRUNCATED: R.MalformedPacket,
  TRAILING_BYTES: R.MalformedPacket,
  INVALID_QOS: R.MalformedPacket,
  RESERVED_BIT_SET: R.MalformedPacket,
  INVALID_RETAIN_HANDLING: R.ProtocolError,
  UNSUPPORTED_PROTOCOL_VERSION: R.UnsupportedProtocolVersion,
  INVALID_PROTOCOL_NAME: R.UnsupportedProtocolVersion,
  INVALID_WILL_FLAGS: R.MalformedPacket,
  PASSWORD_WITHOUT_USERNAME: R.MalformedPacket,
  AUTH_DATA_WITHOUT_METHOD: R.ProtocolError,
  EMPTY_SUBSCRIPTION_LIST: R.ProtocolError,
  EMPTY_UNSUBSCRIPTION_LIST: R.ProtocolError,
  EMPTY_REASON_CODE_LIST: R.ProtocolError,
  INVALID_REASON_CODE: R.MalformedPacket,
  STRING_TOO_LONG: R.MalformedPacket,
  BINARY_TOO_LONG: R.MalformedPacket,
  VALUE_OUT_OF_RANGE: R.MalformedPacket,
  VERSION_MISMATCH: R.ProtocolError,
};

/**
 * The only error the codec throws for bad input (decode) or an unencodable packet (encode).
 * `field` names what was being read or written (`remainingLength`, `connect.protocolName`,
 * `publish.topic`, `properties.topicAlias`, ...); `reasonCode` is what a v5 peer should be told.
 */
export class MqttCodecError extends Error {
  override readonly name = 'MqttCodecError';
  readonly code: CodecErrorCode;
  readonly field: string;
  readonly reasonCode: number;
  /**
   * The offending number when it helps the caller answer: the requested protocol level for
   * UNSUPPORTED_PROTOCOL_VERSION (to pick the CONNACK format), the property identifier for
   * UNKNOWN_PROPERTY, the reason code for INVALID_REASON_CODE.
   */
  readonly value: number | undefined;

  constructor(code: CodecErrorCode, field: string, reasonCode?: number, value?: number) {
    super(value === undefined ? `${code} (${field})` : `${code} (${field}: ${value})`);
    this.code = code;
    this.field = field;
    this.reasonCode = reasonCode ?? DEFAULT_REASON[code];
    this.value = value;
  }
}

/** The default v5 reason code for an error code (exported for the protocol layer's mapping). */
export function defaultReasonCode(code: CodecErrorCode): number {
  return DEFAULT_REASON[code];
}
