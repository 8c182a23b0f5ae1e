import { MqttCodecError } from '../../errors';
import { readProperties } from '../../properties/decode';
import { WILL_CONTEXT } from '../../properties/table';
import { type ConnectPacket, PacketType, type Will } from '../../types';
import type { Reader } from '../../wire/reader';
import { readConnectFlags } from '../shared/connect-flags';

/**
 * CONNECT body after the protocol level, MQTT 5.0 (3.1.2-3.1.3): flags, keep alive, properties,
 * client id, will properties/topic/payload, user name, password. Unlike 3.1.1, a password
 * without a user name is allowed (3.1.2.9).
 */
export function decodeConnectV5(r: Reader, protocolName: string): ConnectPacket {
  const flags = readConnectFlags(r);
  const keepAlive = r.u16('connect.keepAlive');
  const properties = readProperties(r, PacketType.CONNECT, 'connect.properties.length');
  // 3.1.2.11.10: Authentication Data without an Authentication Method is a Protocol Error.
  if (
    properties?.authenticationData !== undefined &&
    properties.authenticationMethod === undefined
  ) {
    throw new MqttCodecError('AUTH_DATA_WITHOUT_METHOD', 'properties.authenticationData');
  }
  const clientId = r.utf8('connect.clientId');
  let will: Will | undefined;
  if (flags.willFlag) {
    const willProperties = readProperties(r, WILL_CONTEXT, 'will.properties.length');
    const topic = r.utf8('will.topic');
    // Copied: the will lives as long as the connection and must not pin the socket chunk.
    const payload = Buffer.from(r.binary('will.payload'));
    will = {
      topic,
      payload,
      qos: flags.willQos,
      retain: flags.willRetain,
      properties: willProperties,
    };
  }
  const username = flags.hasUsername ? r.utf8('connect.username') : undefined;
  const password = flags.hasPassword ? Buffer.from(r.binary('connect.password')) : undefined;
  r.expectEnd('connect');
  return {
    type: PacketType.CONNECT,
    protocolName,
    protocolVersion: 5,
    cleanStart: flags.cleanStart,
    keepAlive,
    clientId,
    will,
    username,
    password,
    properties,
  };
}
