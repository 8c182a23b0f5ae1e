import { MqttCodecError } from '../../errors';
import { readProperties } from '../../properties/decode';
import { DISCONNECT_REASON_CODES } from '../../reason-codes';
import { type DisconnectPacket, PacketType } from '../../types';
import type { Reader } from '../../wire/reader';

/**
 * DISCONNECT (3.14), MQTT 5.0: optional reason code, optional properties. Remaining Length 0
 * means Normal Disconnection (3.14.2.1), below 2 means no properties (3.14.2.2); `reasonCode`
 * is always set on the result.
 */
export function decodeDisconnectV5(r: Reader): DisconnectPacket {
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
    if (r.remaining() > 0) {
      properties = readProperties(r, PacketType.DISCONNECT, 'disconnect.properties.length');
    }
  }
  r.expectEnd('disconnect');
  return { type: PacketType.DISCONNECT, reasonCode, properties };
}
