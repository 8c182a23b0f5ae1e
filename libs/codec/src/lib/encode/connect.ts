import { binaryLength, checkInt, checkQoS, stringLength } from './checks';
import { MqttCodecError } from '../errors';
import { WILL_CONTEXT } from '../properties/table';
import { type ConnectPacket, PacketType, type ProtocolVersion } from '../types';
import { vbiSize, writeBinary, writeU16, writeUtf8 } from '../wire/writer';
import { propertiesLength, writeProperties } from './properties';

/** CONNECT is rare: its plan is an object (clarity over allocation). */
export interface ConnectPlan {
  remaining: number;
  name: number;
  clientId: number;
  props: number;
  willProps: number;
  willTopic: number;
  username: number;
}

export function planConnect(p: ConnectPacket, version: ProtocolVersion): ConnectPlan {
  if (p.protocolVersion !== version)
    throw new MqttCodecError('VERSION_MISMATCH', 'connect.protocolVersion');
  const expectedName = version === 3 ? 'MQIsdp' : 'MQTT';
  if (p.protocolName !== expectedName)
    throw new MqttCodecError('INVALID_PROTOCOL_NAME', 'connect.protocolName');
  checkInt(p.keepAlive, 0, 0xffff, 'connect.keepAlive');
  if (version !== 5 && p.password !== undefined && p.username === undefined) {
    throw new MqttCodecError('PASSWORD_WITHOUT_USERNAME', 'connect.flags');
  }
  const plan: ConnectPlan = {
    remaining: 0,
    name: 0,
    clientId: 0,
    props: 0,
    willProps: 0,
    willTopic: 0,
    username: 0,
  };
  plan.name = stringLength(p.protocolName, 'connect.protocolName');
  plan.clientId = stringLength(p.clientId, 'connect.clientId');
  let n = 2 + plan.name + 1 + 1 + 2 + 2 + plan.clientId;
  if (version === 5) {
    plan.props = propertiesLength(p.properties, PacketType.CONNECT);
    n += vbiSize(plan.props) + plan.props;
  }
  if (p.will) {
    checkQoS(p.will.qos, 'connect.willQoS');
    if (version === 5) {
      plan.willProps = propertiesLength(p.will.properties, WILL_CONTEXT);
      n += vbiSize(plan.willProps) + plan.willProps;
    }
    plan.willTopic = stringLength(p.will.topic, 'will.topic');
    n += 2 + plan.willTopic + 2 + binaryLength(p.will.payload, 'will.payload');
  }
  if (p.username !== undefined) {
    plan.username = stringLength(p.username, 'connect.username');
    n += 2 + plan.username;
  }
  if (p.password !== undefined) n += 2 + binaryLength(p.password, 'connect.password');
  plan.remaining = n;
  return plan;
}

export function writeConnect(
  buf: Buffer,
  off: number,
  p: ConnectPacket,
  version: ProtocolVersion,
  plan: ConnectPlan,
): number {
  off = writeUtf8(buf, off, p.protocolName, plan.name);
  buf[off++] = p.protocolVersion;
  let flags = p.cleanStart ? 0x02 : 0;
  if (p.will) flags |= 0x04 | (p.will.qos << 3) | (p.will.retain ? 0x20 : 0);
  if (p.password !== undefined) flags |= 0x40;
  if (p.username !== undefined) flags |= 0x80;
  buf[off++] = flags;
  off = writeU16(buf, off, p.keepAlive);
  if (version === 5) off = writeProperties(buf, off, p.properties, plan.props);
  off = writeUtf8(buf, off, p.clientId, plan.clientId);
  if (p.will) {
    if (version === 5) off = writeProperties(buf, off, p.will.properties, plan.willProps);
    off = writeUtf8(buf, off, p.will.topic, plan.willTopic);
    off = writeBinary(buf, off, p.will.payload);
  }
  if (p.username !== undefined) off = writeUtf8(buf, off, p.username, plan.username);
  if (p.password !== undefined) off = writeBinary(buf, off, p.password);
  return off;
}
