import { MqttCodecError } from '../../errors';
import type { QoS } from '../../types';
import type { Reader } from '../../wire/reader';

/** The Connect Flags byte (3.1.2.3), identical in every version. */
export interface ConnectFlags {
  readonly cleanStart: boolean;
  readonly willFlag: boolean;
  readonly willQos: QoS;
  readonly willRetain: boolean;
  readonly hasPassword: boolean;
  readonly hasUsername: boolean;
}

/** Splits and checks the flags shared by all versions (the password rule is per version). */
export function readConnectFlags(r: Reader): ConnectFlags {
  const flags = r.u8('connect.flags');
  // [MQTT-3.1.2-3] the reserved flag must be 0.
  if ((flags & 0x01) !== 0) throw new MqttCodecError('RESERVED_BIT_SET', 'connect.flags');
  const willFlag = (flags & 0x04) !== 0;
  const willQos = (flags >> 3) & 0x03;
  const willRetain = (flags & 0x20) !== 0;
  // 3.1.1 [MQTT-3.1.2-14] / 5.0 [MQTT-3.1.2-12]: Will QoS 3 is malformed.
  if (willQos === 3) throw new MqttCodecError('INVALID_QOS', 'connect.willQoS', undefined, 3);
  // [MQTT-3.1.2-11/13/15] without the will flag, will QoS and will retain must be 0.
  if (!willFlag && (willQos !== 0 || willRetain)) {
    throw new MqttCodecError('INVALID_WILL_FLAGS', 'connect.flags');
  }
  return {
    cleanStart: (flags & 0x02) !== 0,
    willFlag,
    willQos: willQos as QoS,
    willRetain,
    hasPassword: (flags & 0x40) !== 0,
    hasUsername: (flags & 0x80) !== 0,
  };
}
