/**
 * Validation used by the encoders' length pass. The encoder refuses every packet the decoder
 * would refuse (where the rule is decidable from the packet alone), so whatever it emits
 * round-trips through {@link MqttParser}.
 */
import { MAX_STRING_BYTES } from '../constants';
import { MqttCodecError } from '../errors';
import { utf8Length } from '../wire/utf8';

/** Encoded byte length of a UTF-8 string field, or throws (lone surrogate, U+0000, > 65535 B). */
export function stringLength(s: unknown, field: string): number {
  if (typeof s !== 'string') throw new MqttCodecError('INVALID_UTF8', field);
  const n = utf8Length(s);
  if (n < 0) throw new MqttCodecError(n === -2 ? 'UTF8_NULL_CHARACTER' : 'INVALID_UTF8', field);
  if (n > MAX_STRING_BYTES) throw new MqttCodecError('STRING_TOO_LONG', field, undefined, n);
  return n;
}

/** Length of a Binary Data field's content (<= 65535 bytes). */
export function binaryLength(b: unknown, field: string): number {
  if (!(b instanceof Uint8Array)) throw new MqttCodecError('VALUE_OUT_OF_RANGE', field);
  if (b.length > MAX_STRING_BYTES) {
    throw new MqttCodecError('BINARY_TOO_LONG', field, undefined, b.length);
  }
  return b.length;
}

/** Packet Identifier: an integer 1..65535 [MQTT-2.2.1-3]. */
export function checkPacketId(id: unknown, field: string): number {
  if (id === 0) throw new MqttCodecError('PACKET_ID_ZERO', field);
  return checkInt(id, 1, 0xffff, field);
}

/** An integer in [min, max], else VALUE_OUT_OF_RANGE. */
export function checkInt(n: unknown, min: number, max: number, field: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new MqttCodecError(
      'VALUE_OUT_OF_RANGE',
      field,
      undefined,
      typeof n === 'number' ? n : undefined,
    );
  }
  return n;
}

/** QoS 0, 1 or 2. */
export function checkQoS(qos: unknown, field: string): number {
  if (qos !== 0 && qos !== 1 && qos !== 2) {
    throw new MqttCodecError(
      'INVALID_QOS',
      field,
      undefined,
      typeof qos === 'number' ? qos : undefined,
    );
  }
  return qos;
}

/** A reason code that the packet type (and version) defines. */
export function checkReasonCode(
  code: unknown,
  allowed: Readonly<Uint8Array>,
  field: string,
): number {
  if (typeof code !== 'number' || allowed[code] !== 1) {
    throw new MqttCodecError(
      'INVALID_REASON_CODE',
      field,
      undefined,
      typeof code === 'number' ? code : undefined,
    );
  }
  return code;
}
