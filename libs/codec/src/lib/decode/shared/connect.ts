import { MqttCodecError } from '../../errors';
import type { ConnectPacket } from '../../types';
import type { Reader } from '../../wire/reader';
import { decodeConnectV4 } from '../v4/connect';
import { decodeConnectV5 } from '../v5/connect';

/**
 * CONNECT (3.1) is self-describing: its protocol name and level pick the body decoder, whatever
 * version the parser currently holds (this is how a server parser learns the version).
 * `MQIsdp`/3 is MQTT 3.1, `MQTT`/4 is 3.1.1, `MQTT`/5 is 5.0.
 */
export function decodeConnect(r: Reader): ConnectPacket {
  const protocolName = r.utf8('connect.protocolName');
  const level = r.u8('connect.protocolVersion');
  if (protocolName === 'MQTT') {
    if (level === 4) return decodeConnectV4(r, protocolName, 4);
    if (level === 5) return decodeConnectV5(r, protocolName);
  } else if (protocolName === 'MQIsdp') {
    if (level === 3) return decodeConnectV4(r, protocolName, 3);
  } else {
    // [MQTT-3.1.2-1] any other protocol name: the server may close without a CONNACK.
    throw new MqttCodecError('INVALID_PROTOCOL_NAME', 'connect.protocolName');
  }
  // [MQTT-3.1.2-2] a known name with an unsupported level: the server answers CONNACK 0x01
  // (3.1.1) or 0x84 (5.0); `value` carries the level so it can pick the CONNACK format.
  throw new MqttCodecError(
    'UNSUPPORTED_PROTOCOL_VERSION',
    'connect.protocolVersion',
    undefined,
    level,
  );
}
