import { MqttCodecError } from '../../errors';
import { type ConnectPacket, PacketType, type Will } from '../../types';
import type { Reader } from '../../wire/reader';
import { readConnectFlags } from '../shared/connect-flags';

/**
 * CONNECT body after the protocol level, MQTT 3.1 (`MQIsdp`/3) and 3.1.1 (`MQTT`/4): flags,
 * keep alive, client id, will topic/message, user name, password (3.1.2-3.1.3).
 */
export function decodeConnectV4(r: Reader, protocolName: string, version: 3 | 4): ConnectPacket {
  const flags = readConnectFlags(r);
  // [MQTT-3.1.2-22] a password requires a user name (MQTT 5 lifts this).
  if (flags.hasPassword && !flags.hasUsername) {
    throw new MqttCodecError('PASSWORD_WITHOUT_USERNAME', 'connect.flags');
  }
  const keepAlive = r.u16('connect.keepAlive');
  // Empty or over-long client ids are the protocol layer's call (CONNACK 0x02, [MQTT-3.1.3-8]).
  const clientId = r.utf8('connect.clientId');
  let will: Will | undefined;
  // [MQTT-3.1.2-9] will topic and message are present exactly when the will flag is set.
  if (flags.willFlag) {
    const topic = r.utf8('will.topic');
    // Copied: the will lives as long as the connection and must not pin the socket chunk.
    const payload = Buffer.from(r.binary('will.payload'));
    will = {
      topic,
      payload,
      qos: flags.willQos,
      retain: flags.willRetain,
      properties: undefined,
    };
  }
  // [MQTT-3.1.2-19/21] user name and password are present exactly when their flags are set.
  const username = flags.hasUsername ? r.utf8('connect.username') : undefined;
  const password = flags.hasPassword ? Buffer.from(r.binary('connect.password')) : undefined;
  r.expectEnd('connect');
  return {
    type: PacketType.CONNECT,
    protocolName,
    protocolVersion: version,
    cleanStart: flags.cleanStart,
    keepAlive,
    clientId,
    will,
    username,
    password,
    properties: undefined,
  };
}
