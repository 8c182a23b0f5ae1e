import { type Packet, PacketType, type ProtocolVersion } from '../lib/types';

export interface Fixture {
  readonly name: string;
  readonly version: ProtocolVersion;
  /** The wire bytes, annotated field by field. */
  readonly bytes: number[];
  readonly packet: Packet;
}

const ascii = (s: string): number[] => [...Buffer.from(s)];

/** Byte-annotated packets: parsed, encoded and round-tripped by fixtures.spec.ts. */
export const FIXTURES: Fixture[] = [
  {
    name: 'CONNECT 3.1.1 clean, keepalive 60, client id "c1"',
    version: 4,
    bytes: [
      0x10,
      14, // CONNECT, remaining length 14
      0,
      4,
      ...ascii('MQTT'), // protocol name
      4, // level 4 = 3.1.1
      0x02, // flags: clean session
      0,
      60, // keepalive
      0,
      2,
      ...ascii('c1'), // client id
    ],
    packet: {
      type: PacketType.CONNECT,
      protocolName: 'MQTT',
      protocolVersion: 4,
      cleanStart: true,
      keepAlive: 60,
      clientId: 'c1',
      will: undefined,
      username: undefined,
      password: undefined,
      properties: undefined,
    },
  },
  {
    name: 'CONNECT 3.1 (MQIsdp) with will, username and password',
    version: 3,
    bytes: [
      0x10,
      33,
      0,
      6,
      ...ascii('MQIsdp'),
      3, // name, level 3
      0xee, // user, password, will retain, will QoS 1, will flag, clean session: 1110 1110
      0,
      10, // keepalive
      0,
      1,
      ...ascii('x'), // client id
      0,
      1,
      ...ascii('w'), // will topic
      0,
      3,
      ...ascii('bye'), // will payload
      0,
      2,
      ...ascii('us'), // username
      0,
      4,
      1,
      2,
      3,
      4, // password bytes
    ],
    packet: {
      type: PacketType.CONNECT,
      protocolName: 'MQIsdp',
      protocolVersion: 3,
      cleanStart: true,
      keepAlive: 10,
      clientId: 'x',
      will: {
        topic: 'w',
        payload: Buffer.from('bye'),
        qos: 1,
        retain: true,
        properties: undefined,
      },
      username: 'us',
      password: Buffer.from([1, 2, 3, 4]),
      properties: undefined,
    },
  },
  {
    name: 'CONNECT 5 with session expiry and receive maximum',
    version: 5,
    bytes: [
      0x10,
      21,
      0,
      4,
      ...ascii('MQTT'),
      5, // name, level 5
      0x00, // flags
      0,
      30, // keepalive
      8, // properties length
      0x11,
      0,
      0,
      0x0e,
      0x10, // session expiry 3600
      0x21,
      0,
      10, // receive maximum 10
      0,
      0, // empty client id
    ],
    packet: {
      type: PacketType.CONNECT,
      protocolName: 'MQTT',
      protocolVersion: 5,
      cleanStart: false,
      keepAlive: 30,
      clientId: '',
      will: undefined,
      username: undefined,
      password: undefined,
      properties: { sessionExpiryInterval: 3600, receiveMaximum: 10 },
    },
  },
  {
    name: 'CONNACK 3.1.1 session present, accepted',
    version: 4,
    bytes: [0x20, 2, 0x01, 0x00],
    packet: {
      type: PacketType.CONNACK,
      sessionPresent: true,
      reasonCode: 0,
      properties: undefined,
    },
  },
  {
    name: 'CONNACK 5 not authorized with reason string',
    version: 5,
    bytes: [0x20, 8, 0x00, 0x87, 5, 0x1f, 0, 2, ...ascii('no')],
    packet: {
      type: PacketType.CONNACK,
      sessionPresent: false,
      reasonCode: 0x87,
      properties: { reasonString: 'no' },
    },
  },
  {
    name: 'PUBLISH QoS 0',
    version: 4,
    bytes: [0x30, 7, 0, 3, ...ascii('a/b'), ...ascii('hi')],
    packet: {
      type: PacketType.PUBLISH,
      topic: 'a/b',
      payload: Buffer.from('hi'),
      qos: 0,
      retain: false,
      dup: false,
      packetId: undefined,
      properties: undefined,
    },
  },
  {
    name: 'PUBLISH QoS 1 DUP RETAIN, packet id 10',
    version: 4,
    bytes: [0x3b, 6, 0, 1, ...ascii('t'), 0, 10, 0xff],
    packet: {
      type: PacketType.PUBLISH,
      topic: 't',
      payload: Buffer.from([0xff]),
      qos: 1,
      retain: true,
      dup: true,
      packetId: 10,
      properties: undefined,
    },
  },
  {
    name: 'PUBLISH 5 QoS 2 with topic alias and user property',
    version: 5,
    bytes: [
      0x34,
      17,
      0,
      1,
      ...ascii('t'),
      0,
      7, // topic, packet id 7
      10, // properties length
      0x23,
      0,
      3, // topic alias 3
      0x26,
      0,
      1,
      ...ascii('k'),
      0,
      1,
      ...ascii('v'), // user property k=v
      ...ascii('p'),
    ],
    packet: {
      type: PacketType.PUBLISH,
      topic: 't',
      payload: Buffer.from('p'),
      qos: 2,
      retain: false,
      dup: false,
      packetId: 7,
      properties: { topicAlias: 3, userProperties: [['k', 'v']] },
    },
  },
  {
    name: 'PUBACK 3.1.1',
    version: 4,
    bytes: [0x40, 2, 0x12, 0x34],
    packet: { type: PacketType.PUBACK, packetId: 0x1234 },
  },
  {
    name: 'PUBREC 3.1.1',
    version: 4,
    bytes: [0x50, 2, 0, 1],
    packet: { type: PacketType.PUBREC, packetId: 1 },
  },
  {
    name: 'PUBREL 3.1.1 (flags 0010)',
    version: 4,
    bytes: [0x62, 2, 0, 1],
    packet: { type: PacketType.PUBREL, packetId: 1 },
  },
  {
    name: 'PUBCOMP 3.1.1',
    version: 4,
    bytes: [0x70, 2, 0, 1],
    packet: { type: PacketType.PUBCOMP, packetId: 1 },
  },
  {
    name: 'PUBACK 5 success in the short form',
    version: 5,
    bytes: [0x40, 2, 0, 5],
    packet: { type: PacketType.PUBACK, packetId: 5, reasonCode: 0, properties: undefined },
  },
  {
    name: 'PUBACK 5 no matching subscribers (0x10)',
    version: 5,
    bytes: [0x40, 3, 0, 5, 0x10],
    packet: { type: PacketType.PUBACK, packetId: 5, reasonCode: 0x10, properties: undefined },
  },
  {
    name: 'SUBSCRIBE 3.1.1 two filters',
    version: 4,
    bytes: [0x82, 14, 0, 1, 0, 3, ...ascii('a/+'), 1, 0, 3, ...ascii('b/#'), 2],
    packet: {
      type: PacketType.SUBSCRIBE,
      packetId: 1,
      subscriptions: [
        { topicFilter: 'a/+', qos: 1 },
        { topicFilter: 'b/#', qos: 2 },
      ],
      properties: undefined,
    },
  },
  {
    name: 'SUBSCRIBE 5 with options (no local, retain as published, retain handling 2) and subscription id',
    version: 5,
    bytes: [0x82, 9, 0, 2, 2, 0x0b, 5, 0, 1, ...ascii('x'), 0x2e],
    packet: {
      type: PacketType.SUBSCRIBE,
      packetId: 2,
      subscriptions: [
        { topicFilter: 'x', qos: 2, noLocal: true, retainAsPublished: true, retainHandling: 2 },
      ],
      properties: { subscriptionIdentifiers: [5] },
    },
  },
  {
    name: 'SUBACK 3.1.1 granted 1 and failure',
    version: 4,
    bytes: [0x90, 4, 0, 1, 1, 0x80],
    packet: { type: PacketType.SUBACK, packetId: 1, reasonCodes: [1, 0x80], properties: undefined },
  },
  {
    name: 'UNSUBSCRIBE 3.1.1',
    version: 4,
    bytes: [0xa2, 5, 0, 3, 0, 1, ...ascii('a')],
    packet: {
      type: PacketType.UNSUBSCRIBE,
      packetId: 3,
      topicFilters: ['a'],
      properties: undefined,
    },
  },
  {
    name: 'UNSUBACK 3.1.1',
    version: 4,
    bytes: [0xb0, 2, 0, 3],
    packet: { type: PacketType.UNSUBACK, packetId: 3 },
  },
  {
    name: 'UNSUBACK 5 with a reason code per filter',
    version: 5,
    bytes: [0xb0, 5, 0, 3, 0, 0x00, 0x11],
    packet: {
      type: PacketType.UNSUBACK,
      packetId: 3,
      reasonCodes: [0, 0x11],
      properties: undefined,
    },
  },
  { name: 'PINGREQ', version: 4, bytes: [0xc0, 0], packet: { type: PacketType.PINGREQ } },
  { name: 'PINGRESP', version: 4, bytes: [0xd0, 0], packet: { type: PacketType.PINGRESP } },
  {
    name: 'DISCONNECT 3.1.1',
    version: 4,
    bytes: [0xe0, 0],
    packet: { type: PacketType.DISCONNECT },
  },
  {
    name: 'DISCONNECT 5 with will (0x04)',
    version: 5,
    bytes: [0xe0, 1, 0x04],
    packet: { type: PacketType.DISCONNECT, reasonCode: 0x04, properties: undefined },
  },
  {
    name: 'AUTH 5 continue authentication with method',
    version: 5,
    bytes: [0xf0, 10, 0x18, 8, 0x15, 0, 5, ...ascii('SCRAM')],
    packet: {
      type: PacketType.AUTH,
      reasonCode: 0x18,
      properties: { authenticationMethod: 'SCRAM' },
    },
  },
];
