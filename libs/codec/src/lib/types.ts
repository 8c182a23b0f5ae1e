/**
 * MQTT packet model shared by the parser, the encoder and every consumer of the codec.
 * One shape serves MQTT 3.1 (level 3), 3.1.1 (level 4) and 5.0 (level 5); fields that exist
 * only in v5 are optional and ignored by the v3/v4 encoders.
 */

/** Protocol level byte of CONNECT: 3 = MQTT 3.1 (`MQIsdp`), 4 = 3.1.1, 5 = 5.0. */
export type ProtocolVersion = 3 | 4 | 5;

export type QoS = 0 | 1 | 2;

/** Control packet types (fixed header bits 7-4), MQTT 5 section 2.1.2. */
export const PacketType = {
  CONNECT: 1,
  CONNACK: 2,
  PUBLISH: 3,
  PUBACK: 4,
  PUBREC: 5,
  PUBREL: 6,
  PUBCOMP: 7,
  SUBSCRIBE: 8,
  SUBACK: 9,
  UNSUBSCRIBE: 10,
  UNSUBACK: 11,
  PINGREQ: 12,
  PINGRESP: 13,
  DISCONNECT: 14,
  AUTH: 15,
} as const;
export type PacketType = (typeof PacketType)[keyof typeof PacketType];

/** A user property (MQTT 5, 3.1.2.11.8): name/value pair; order and duplicates are kept. */
export type UserProperty = readonly [name: string, value: string];

/**
 * Every MQTT 5 property (section 2.2.2.2). Which ones a packet may carry is enforced by the
 * parser per packet type; a property that is absent is `undefined`.
 */
export interface Properties {
  payloadFormatIndicator?: 0 | 1; // 0x01
  messageExpiryInterval?: number; // 0x02
  contentType?: string; // 0x03
  responseTopic?: string; // 0x08
  correlationData?: Buffer; // 0x09
  subscriptionIdentifiers?: number[]; // 0x0B (several on a server-sent PUBLISH)
  sessionExpiryInterval?: number; // 0x11
  assignedClientIdentifier?: string; // 0x12
  serverKeepAlive?: number; // 0x13
  authenticationMethod?: string; // 0x15
  authenticationData?: Buffer; // 0x16
  requestProblemInformation?: 0 | 1; // 0x17
  willDelayInterval?: number; // 0x18
  requestResponseInformation?: 0 | 1; // 0x19
  responseInformation?: string; // 0x1A
  serverReference?: string; // 0x1C
  reasonString?: string; // 0x1F
  receiveMaximum?: number; // 0x21
  topicAliasMaximum?: number; // 0x22
  topicAlias?: number; // 0x23
  maximumQoS?: 0 | 1; // 0x24
  retainAvailable?: 0 | 1; // 0x25
  userProperties?: UserProperty[]; // 0x26
  maximumPacketSize?: number; // 0x27
  wildcardSubscriptionAvailable?: 0 | 1; // 0x28
  subscriptionIdentifiersAvailable?: 0 | 1; // 0x29
  sharedSubscriptionAvailable?: 0 | 1; // 0x2A
}

export interface Will {
  topic: string;
  payload: Buffer;
  qos: QoS;
  retain: boolean;
  /** v5 will properties (3.1.3.2). */
  properties?: Properties;
}

export interface ConnectPacket {
  type: typeof PacketType.CONNECT;
  /** `MQIsdp` for level 3, `MQTT` for 4 and 5. */
  protocolName: string;
  protocolVersion: ProtocolVersion;
  cleanStart: boolean;
  keepAlive: number;
  clientId: string;
  will?: Will;
  username?: string;
  /** Binary in the protocol; never log or forward it. */
  password?: Buffer;
  properties?: Properties;
}

export interface ConnackPacket {
  type: typeof PacketType.CONNACK;
  sessionPresent: boolean;
  /** v3/v4 return code (0-5) or v5 reason code. */
  reasonCode: number;
  properties?: Properties;
}

export interface PublishPacket {
  type: typeof PacketType.PUBLISH;
  topic: string;
  payload: Buffer;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  /** Present exactly when qos > 0. */
  packetId?: number;
  properties?: Properties;
}

/** PUBACK, PUBREC, PUBREL and PUBCOMP share one shape. */
export interface AckPacket {
  type:
    | typeof PacketType.PUBACK
    | typeof PacketType.PUBREC
    | typeof PacketType.PUBREL
    | typeof PacketType.PUBCOMP;
  packetId: number;
  /** v5 only; 0 (success) when absent on the wire. */
  reasonCode?: number;
  properties?: Properties;
}

export type RetainHandling = 0 | 1 | 2;

export interface Subscription {
  topicFilter: string;
  qos: QoS;
  /** v5 subscription options (3.8.3.1); defaults false/false/0 for v3/v4. */
  noLocal?: boolean;
  retainAsPublished?: boolean;
  retainHandling?: RetainHandling;
}

export interface SubscribePacket {
  type: typeof PacketType.SUBSCRIBE;
  packetId: number;
  subscriptions: Subscription[];
  properties?: Properties;
}

export interface SubackPacket {
  type: typeof PacketType.SUBACK;
  packetId: number;
  /** Granted QoS (0-2) or failure 0x80 (v4) / v5 reason codes, one per filter. */
  reasonCodes: number[];
  properties?: Properties;
}

export interface UnsubscribePacket {
  type: typeof PacketType.UNSUBSCRIBE;
  packetId: number;
  topicFilters: string[];
  properties?: Properties;
}

export interface UnsubackPacket {
  type: typeof PacketType.UNSUBACK;
  packetId: number;
  /** v5 only: one reason code per filter. */
  reasonCodes?: number[];
  properties?: Properties;
}

export interface PingreqPacket {
  type: typeof PacketType.PINGREQ;
}

export interface PingrespPacket {
  type: typeof PacketType.PINGRESP;
}

export interface DisconnectPacket {
  type: typeof PacketType.DISCONNECT;
  /** v5 only; 0 (normal disconnection) when absent. */
  reasonCode?: number;
  properties?: Properties;
}

export interface AuthPacket {
  type: typeof PacketType.AUTH;
  reasonCode?: number;
  properties?: Properties;
}

export type Packet =
  | ConnectPacket
  | ConnackPacket
  | PublishPacket
  | AckPacket
  | SubscribePacket
  | SubackPacket
  | UnsubscribePacket
  | UnsubackPacket
  | PingreqPacket
  | PingrespPacket
  | DisconnectPacket
  | AuthPacket;
