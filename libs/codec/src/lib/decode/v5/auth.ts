import { MqttCodecError } from '../../errors';
import { readProperties } from '../../properties/decode';
import { AUTH_REASON_CODES } from '../../reason-codes';
import { type AuthPacket, PacketType } from '../../types';
import type { Reader } from '../../wire/reader';

/**
 * AUTH (3.15), MQTT 5.0 only (type 15 is refused from the first byte in 3.1/3.1.1): optional
 * reason code (0 when absent, 3.15.2.1) and properties. Whether the Authentication Method
 * matches the CONNECT's is connection state, checked by the protocol layer.
 */
export function decodeAuth(r: Reader): AuthPacket {
  let reasonCode = 0;
  let properties;
  if (r.remaining() > 0) {
    reasonCode = r.u8('auth.reasonCode');
    if (AUTH_REASON_CODES[reasonCode] !== 1) {
      throw new MqttCodecError('INVALID_REASON_CODE', 'auth.reasonCode', undefined, reasonCode);
    }
    if (r.remaining() > 0) {
      properties = readProperties(r, PacketType.AUTH, 'auth.properties.length');
    }
  }
  r.expectEnd('auth');
  return { type: PacketType.AUTH, reasonCode, properties };
}
