import { type ConnectPacket, ConnectReturnCode, PacketType, ReasonCode } from '@mithqtt/codec';
import { validateTopicName } from '@mithqtt/topic';
import type { Channel } from '../channel';
import { assignClientId } from '../client-id';

/** CONNECT: checks the rules the codec cannot (they need server policy), then asks the host. */
export function handleConnect(ch: Channel, packet: ConnectPacket): void {
  ch.protocolVersion = packet.protocolVersion;
  if (packet.protocolVersion === 5) {
    // MQTT 5 sessions are not implemented yet: refuse cleanly rather than half-speak v5.
    refuse(ch, ReasonCode.UnsupportedProtocolVersion);
    return;
  }
  let clientId = packet.clientId;
  if (clientId.length === 0) {
    // [MQTT-3.1.3-8] a zero-length id with CleanSession=0 is rejected with 0x02; 3.1 (level 3)
    // requires 1-23 characters, so an empty id is refused there too.
    if (!packet.cleanStart || packet.protocolVersion === 3) {
      refuse(ch, ConnectReturnCode.IdentifierRejected);
      return;
    }
    clientId = assignClientId(); // [MQTT-3.1.3-6] the server assigns a unique id
  }
  const max = ch.config.maxKeepAlive;
  if (max < 65535 && (packet.keepAlive === 0 || packet.keepAlive > max)) {
    // 3.1.1 has no way to tell the client a smaller keepalive; mosquitto refuses the same way.
    refuse(ch, ConnectReturnCode.IdentifierRejected);
    return;
  }
  const identity = {
    clientId,
    username: packet.username,
    remoteAddress: ch.remoteAddress,
  };
  if (packet.will) {
    // [MQTT-3.1.2-14..] the will topic must be a valid topic name (no wildcards).
    if (validateTopicName(packet.will.topic) !== null) {
      ch.closeWith('protocol-error');
      return;
    }
    if (
      !ch.host.authorizePublish(identity, packet.will.topic, packet.will.qos, packet.will.retain)
    ) {
      refuse(ch, ConnectReturnCode.NotAuthorized);
      return;
    }
  }
  ch.identity = identity;
  ch.cleanSession = packet.cleanStart;
  ch.keepAlive = packet.keepAlive;
  ch.will = packet.will;
  ch.phase = 'connecting';
  ch.host.connect({
    ...identity,
    password: packet.password,
    cleanSession: packet.cleanStart,
    protocolVersion: packet.protocolVersion,
  });
}

function refuse(ch: Channel, code: number): void {
  // [MQTT-3.2.2-4] a non-zero return code has session present 0, then the server closes.
  ch.host.send({ type: PacketType.CONNACK, sessionPresent: false, reasonCode: code });
  ch.closeWith('connect-refused');
}
