import { MqttCodecError } from '../errors';
import { readProperties } from '../properties/decode';
import { AUTH_REASON_CODES, DISCONNECT_REASON_CODES } from '../reason-codes';
import { type AuthPacket, type DisconnectPacket, PacketType, type ProtocolVersion } from '../types';
import type { Reader } from '../wire/reader';

/** DISCONNECT (3.14): empty in 3.1/3.1.1; in v5 an optional reason code and properties. */
export function decodeDisconnect(r: Reader, version: ProtocolVersion): DisconnectPacket {
  if (version !== 5) {
    r.expectEnd('disconnect');
    return { type: PacketType.DISCONNECT };
  }
  let reasonCode = 0;
  let properties;
  if (r.remaining() > 0) {
    reasonCode = r.u8('disconnect.reasonCode');
    if (DISCONNECT_REASON_CODES[reasonCode] !== 1) {
      throw new MqttCodecError(
        'INVALID_REASON_CODE',
        'disconnect.reasonCode',
        undefined,
        reasonCode,
      );
    }
    if (r.remaining() > 0)
      properties = readProperties(r, PacketType.DISCONNECT, 'disconnect.properties.length');
  }
  r.expectEnd('disconnect');
  return { type: PacketType.DISCONNECT, reasonCode, properties };
}

/** AUTH (3.15), MQTT 5 only: optional reason code (0 when absent) and properties. */
export function decodeAuth(r: Reader): AuthPacket {
  let reasonCode = 0;
  let properties;
  if (r.remaining() > 0) {
    reasonCode = r.u8('auth.reasonCode');
    if (AUTH_REASON_CODES[reasonCode] !== 1) {
      throw new MqttCodecError('INVALID_REASON_CODE', 'auth.reasonCode', undefined, reasonCode);
    }
    if (r.remaining() > 0)
      properties = readProperties(r, PacketType.AUTH, 'auth.properties.length');
  }
  r.expectEnd('auth');
  return { type: PacketType.AUTH, reasonCode, properties };
}
