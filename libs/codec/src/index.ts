export * from './lib/types';
export { CodecErrorCode, MqttCodecError, defaultReasonCode } from './lib/errors';
export {
  ReasonCode,
  ConnectReturnCode,
  CONNACK_REASON_CODES,
  CONNACK_RETURN_CODES_V4,
  PUBACK_REASON_CODES,
  PUBREL_REASON_CODES,
  SUBACK_REASON_CODES,
  SUBACK_RETURN_CODES_V4,
  UNSUBACK_REASON_CODES,
  DISCONNECT_REASON_CODES,
  AUTH_REASON_CODES,
} from './lib/reason-codes';
export { DEFAULT_MAX_PACKET_SIZE, MAX_PACKET_SIZE, MAX_REMAINING_LENGTH } from './lib/constants';
export { MqttParser, type ParserOptions } from './lib/parser';
export { encode, encodeInto, encodedLength, encodePublishHeader } from './lib/encode/encode';
