import { MqttCodecError } from '../errors';
import { readProperties } from '../properties/decode';
import { WILL_CONTEXT } from '../properties/table';
import { type ConnectPacket, PacketType, type ProtocolVersion, type Will } from '../types';
import type { Reader } from '../wire/reader';

/**
 * CONNECT (3.1), self-describing: the protocol name and level decide the rules for the rest, so
 * the one decoder serves MQTT 3.1 (`MQIsdp`/3), 3.1.1 (`MQTT`/4) and 5.0 (`MQTT`/5).
 */
export function decodeConnect(r: Reader): ConnectPacket {
  const protocolName = r.utf8('connect.protocolName');
  const level = r.u8('connect.protocolVersion');
  let version: ProtocolVersion;
  if (protocolName === 'MQTT') {
    // [MQTT-3.1.2-2] an unsupported level is answered with CONNACK 0x01 (v4) / 0x84 (v5).
    if (level !== 4 && level !== 5) {
      throw new MqttCodecError(
        'UNSUPPORTED_PROTOCOL_VERSION',
        'connect.protocolVersion',
        undefined,
        level,
      );
    }
    version = level;
  } else if (protocolName === 'MQIsdp') {
    if (level !== 3) {
      throw new MqttCodecError(
        'UNSUPPORTED_PROTOCOL_VERSION',
        'connect.protocolVersion',
        undefined,
        level,
      );
    }
    version = 3;
  } else {
    // [MQTT-3.1.2-1] any other protocol name: the server may close without CONNACK.
    throw new MqttCodecError('INVALID_PROTOCOL_NAME', 'connect.protocolName');
  }
  const flags = r.u8('connect.flags');
  // [MQTT-3.1.2-3] the reserved flag must be 0.
  if ((flags & 0x01) !== 0) throw new MqttCodecError('RESERVED_BIT_SET', 'connect.flags');
  const cleanStart = (flags & 0x02) !== 0;
  const willFlag = (flags & 0x04) !== 0;
  const willQos = (flags >> 3) & 0x03;
  const willRetain = (flags & 0x20) !== 0;
  const hasPassword = (flags & 0x40) !== 0;
  const hasUsername = (flags & 0x80) !== 0;
  if (willQos === 3) throw new MqttCodecError('INVALID_QOS', 'connect.willQoS', undefined, 3);
  // [MQTT-3.1.2-11/13/15] without the will flag, will QoS and will retain must be 0.
  if (!willFlag && (willQos !== 0 || willRetain)) {
    throw new MqttCodecError('INVALID_WILL_FLAGS', 'connect.flags');
  }
  // [MQTT-3.1.2-22] 3.1/3.1.1: a password requires a user name (MQTT 5 lifts this).
  if (version !== 5 && hasPassword && !hasUsername) {
    throw new MqttCodecError('PASSWORD_WITHOUT_USERNAME', 'connect.flags');
  }
  const keepAlive = r.u16('connect.keepAlive');
  const properties =
    version === 5 ? readProperties(r, PacketType.CONNECT, 'connect.properties.length') : undefined;
  if (
    properties?.authenticationData !== undefined &&
    properties.authenticationMethod === undefined
  ) {
    throw new MqttCodecError('AUTH_DATA_WITHOUT_METHOD', 'properties.authenticationData');
  }
  const clientId = r.utf8('connect.clientId');
  let will: Will | undefined;
  if (willFlag) {
    const willProperties =
      version === 5 ? readProperties(r, WILL_CONTEXT, 'will.properties.length') : undefined;
    const topic = r.utf8('will.topic');
    // Copied: the will lives as long as the connection and must not pin the socket chunk.
    const payload = Buffer.from(r.binary('will.payload'));
    will = {
      topic,
      payload,
      qos: willQos as 0 | 1 | 2,
      retain: willRetain,
      properties: willProperties,
    };
  }
  const username = hasUsername ? r.utf8('connect.username') : undefined;
  const password = hasPassword ? Buffer.from(r.binary('connect.password')) : undefined;
  r.expectEnd('connect');
  return {
    type: PacketType.CONNECT,
    protocolName,
    protocolVersion: version,
    cleanStart,
    keepAlive,
    clientId,
    will,
    username,
    password,
    properties,
  };
}
