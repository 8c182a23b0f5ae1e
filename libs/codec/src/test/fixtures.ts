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
  // ---- MQTT 3.1.1 (level 4) and the first MQTT 5 cases ----
  // prettier-ignore
  {
    name: 'CONNECT 3.1.1 clean, keepalive 60, client id "c1"',
    version: 4,
    bytes: [
      0x10, 0x0e,                // CONNECT, remaining length 14
      0x00, 0x04, ...ascii('MQTT'), // protocol name "MQTT"
      0x04,                      // level 4 = 3.1.1
      0x02,                      // flags: clean session
      0x00, 0x3c,                // keep alive 60
      0x00, 0x02, ...ascii('c1'), // client id "c1"
    ],
    packet: {
      type: PacketType.CONNECT, protocolName: 'MQTT', protocolVersion: 4, cleanStart: true,
      keepAlive: 60, clientId: 'c1', will: undefined, username: undefined, password: undefined,
      properties: undefined,
    },
  },
  // prettier-ignore
  {
    name: 'CONNECT 3.1 (MQIsdp) with will, username and password',
    version: 3,
    bytes: [
      0x10, 0x21,                  // CONNECT, remaining length 33
      0x00, 0x06, ...ascii('MQIsdp'), // protocol name "MQIsdp"
      0x03,                        // level 3 = 3.1
      0xee,                        // flags: user, password, will retain, will QoS 1, will, clean (1110 1110)
      0x00, 0x0a,                  // keep alive 10
      0x00, 0x01, ...ascii('x'),   // client id "x"
      0x00, 0x01, ...ascii('w'),   // will topic "w"
      0x00, 0x03, ...ascii('bye'), // will payload "bye"
      0x00, 0x02, ...ascii('us'),  // user name "us"
      0x00, 0x04, 0x01, 0x02, 0x03, 0x04, // password 01 02 03 04
    ],
    packet: {
      type: PacketType.CONNECT, protocolName: 'MQIsdp', protocolVersion: 3, cleanStart: true,
      keepAlive: 10, clientId: 'x',
      will: { topic: 'w', payload: Buffer.from('bye'), qos: 1, retain: true, properties: undefined },
      username: 'us', password: Buffer.from([1, 2, 3, 4]), properties: undefined,
    },
  },
  // prettier-ignore
  {
    name: 'CONNECT 5 with session expiry and receive maximum',
    version: 5,
    bytes: [
      0x10, 0x15,                  // CONNECT, remaining length 21
      0x00, 0x04, ...ascii('MQTT'), // protocol name "MQTT"
      0x05,                        // level 5
      0x00,                        // flags: none (clean start 0)
      0x00, 0x1e,                  // keep alive 30
      0x08,                        // properties length 8
      0x11, 0x00, 0x00, 0x0e, 0x10, //   session expiry interval 3600
      0x21, 0x00, 0x0a,            //   receive maximum 10
      0x00, 0x00,                  // client id "" (empty)
    ],
    packet: {
      type: PacketType.CONNECT, protocolName: 'MQTT', protocolVersion: 5, cleanStart: false,
      keepAlive: 30, clientId: '', will: undefined, username: undefined, password: undefined,
      properties: { sessionExpiryInterval: 3600, receiveMaximum: 10 },
    },
  },
  // prettier-ignore
  {
    name: 'CONNACK 3.1.1 session present, accepted',
    version: 4,
    bytes: [
      0x20, 0x02, // CONNACK, remaining length 2
      0x01,       // acknowledge flags: session present
      0x00,       // return code 0: accepted
    ],
    packet: { type: PacketType.CONNACK, sessionPresent: true, reasonCode: 0, properties: undefined },
  },
  // prettier-ignore
  {
    name: 'CONNACK 5 not authorized with reason string',
    version: 5,
    bytes: [
      0x20, 0x08,                 // CONNACK, remaining length 8
      0x00,                       // acknowledge flags: none
      0x87,                       // reason code 0x87: not authorized
      0x05,                       // properties length 5
      0x1f, 0x00, 0x02, ...ascii('no'), //   reason string "no"
    ],
    packet: {
      type: PacketType.CONNACK, sessionPresent: false, reasonCode: 0x87,
      properties: { reasonString: 'no' },
    },
  },
  // prettier-ignore
  {
    name: 'PUBLISH QoS 0',
    version: 4,
    bytes: [
      0x30, 0x07,                  // PUBLISH, flags 0000, remaining length 7
      0x00, 0x03, ...ascii('a/b'), // topic "a/b"
      ...ascii('hi'),              // payload "hi" (the rest of the packet)
    ],
    packet: {
      type: PacketType.PUBLISH, topic: 'a/b', payload: Buffer.from('hi'), qos: 0, retain: false,
      dup: false, packetId: undefined, properties: undefined,
    },
  },
  // prettier-ignore
  {
    name: 'PUBLISH QoS 1 DUP RETAIN, packet id 10',
    version: 4,
    bytes: [
      0x3b, 0x06,                // PUBLISH, flags 1011 = DUP, QoS 1, RETAIN; remaining length 6
      0x00, 0x01, ...ascii('t'), // topic "t"
      0x00, 0x0a,                // packet id 10
      0xff,                      // payload ff
    ],
    packet: {
      type: PacketType.PUBLISH, topic: 't', payload: Buffer.from([0xff]), qos: 1, retain: true,
      dup: true, packetId: 10, properties: undefined,
    },
  },
  // prettier-ignore
  {
    name: 'PUBLISH 5 QoS 2 with topic alias and user property',
    version: 5,
    bytes: [
      0x34, 0x11,                // PUBLISH, flags 0100 = QoS 2, remaining length 17
      0x00, 0x01, ...ascii('t'), // topic "t"
      0x00, 0x07,                // packet id 7
      0x0a,                      // properties length 10
      0x23, 0x00, 0x03,          //   topic alias 3
      0x26, 0x00, 0x01, ...ascii('k'), 0x00, 0x01, ...ascii('v'), //   user property k=v
      ...ascii('p'),             // payload "p"
    ],
    packet: {
      type: PacketType.PUBLISH, topic: 't', payload: Buffer.from('p'), qos: 2, retain: false,
      dup: false, packetId: 7, properties: { topicAlias: 3, userProperties: [['k', 'v']] },
    },
  },
  // prettier-ignore
  {
    name: 'PUBACK 3.1.1',
    version: 4,
    bytes: [
      0x40, 0x02, // PUBACK, remaining length 2
      0x12, 0x34, // packet id 0x1234
    ],
    packet: { type: PacketType.PUBACK, packetId: 0x1234 },
  },
  // prettier-ignore
  {
    name: 'PUBREC 3.1.1',
    version: 4,
    bytes: [0x50, 0x02, /* PUBREC, remaining length 2 */ 0x00, 0x01 /* packet id 1 */],
    packet: { type: PacketType.PUBREC, packetId: 1 },
  },
  // prettier-ignore
  {
    name: 'PUBREL 3.1.1 (flags 0010)',
    version: 4,
    bytes: [0x62, 0x02, /* PUBREL, flags 0010, remaining length 2 */ 0x00, 0x01 /* packet id 1 */],
    packet: { type: PacketType.PUBREL, packetId: 1 },
  },
  // prettier-ignore
  {
    name: 'PUBCOMP 3.1.1',
    version: 4,
    bytes: [0x70, 0x02, /* PUBCOMP, remaining length 2 */ 0x00, 0x01 /* packet id 1 */],
    packet: { type: PacketType.PUBCOMP, packetId: 1 },
  },
  // prettier-ignore
  {
    name: 'PUBACK 5 success in the short form',
    version: 5,
    bytes: [
      0x40, 0x02, // PUBACK, remaining length 2: no reason code means 0x00 success (3.4.2.1)
      0x00, 0x05, // packet id 5
    ],
    packet: { type: PacketType.PUBACK, packetId: 5, reasonCode: 0, properties: undefined },
  },
  // prettier-ignore
  {
    name: 'PUBACK 5 no matching subscribers (0x10)',
    version: 5,
    bytes: [
      0x40, 0x03, // PUBACK, remaining length 3: no properties (3.4.2.2)
      0x00, 0x05, // packet id 5
      0x10,       // reason code 0x10: no matching subscribers
    ],
    packet: { type: PacketType.PUBACK, packetId: 5, reasonCode: 0x10, properties: undefined },
  },
  // prettier-ignore
  {
    name: 'SUBSCRIBE 3.1.1 two filters',
    version: 4,
    bytes: [
      0x82, 0x0e,                  // SUBSCRIBE, flags 0010, remaining length 14
      0x00, 0x01,                  // packet id 1
      0x00, 0x03, ...ascii('a/+'), // filter "a/+"
      0x01,                        //   requested QoS 1
      0x00, 0x03, ...ascii('b/#'), // filter "b/#"
      0x02,                        //   requested QoS 2
    ],
    packet: {
      type: PacketType.SUBSCRIBE, packetId: 1,
      subscriptions: [
        { topicFilter: 'a/+', qos: 1 },
        { topicFilter: 'b/#', qos: 2 },
      ],
      properties: undefined,
    },
  },
  // prettier-ignore
  {
    name: 'SUBSCRIBE 5 with options (no local, retain as published, retain handling 2) and subscription id',
    version: 5,
    bytes: [
      0x82, 0x09,                // SUBSCRIBE, flags 0010, remaining length 9
      0x00, 0x02,                // packet id 2
      0x02,                      // properties length 2
      0x0b, 0x05,                //   subscription identifier 5
      0x00, 0x01, ...ascii('x'), // filter "x"
      0x2e,                      //   options 0010 1110: retain handling 2, RAP, no local, QoS 2
    ],
    packet: {
      type: PacketType.SUBSCRIBE, packetId: 2,
      subscriptions: [
        { topicFilter: 'x', qos: 2, noLocal: true, retainAsPublished: true, retainHandling: 2 },
      ],
      properties: { subscriptionIdentifiers: [5] },
    },
  },
  // prettier-ignore
  {
    name: 'SUBACK 3.1.1 granted 1 and failure',
    version: 4,
    bytes: [
      0x90, 0x04, // SUBACK, remaining length 4
      0x00, 0x01, // packet id 1
      0x01,       // granted QoS 1
      0x80,       // failure
    ],
    packet: { type: PacketType.SUBACK, packetId: 1, reasonCodes: [1, 0x80], properties: undefined },
  },
  // prettier-ignore
  {
    name: 'UNSUBSCRIBE 3.1.1',
    version: 4,
    bytes: [
      0xa2, 0x05,                // UNSUBSCRIBE, flags 0010, remaining length 5
      0x00, 0x03,                // packet id 3
      0x00, 0x01, ...ascii('a'), // filter "a"
    ],
    packet: { type: PacketType.UNSUBSCRIBE, packetId: 3, topicFilters: ['a'], properties: undefined },
  },
  // prettier-ignore
  {
    name: 'UNSUBACK 3.1.1',
    version: 4,
    bytes: [0xb0, 0x02, /* UNSUBACK, remaining length 2 */ 0x00, 0x03 /* packet id 3 */],
    packet: { type: PacketType.UNSUBACK, packetId: 3 },
  },
  // prettier-ignore
  {
    name: 'UNSUBACK 5 with a reason code per filter',
    version: 5,
    bytes: [
      0xb0, 0x05, // UNSUBACK, remaining length 5
      0x00, 0x03, // packet id 3
      0x00,       // properties length 0
      0x00,       // success
      0x11,       // no subscription existed
    ],
    packet: { type: PacketType.UNSUBACK, packetId: 3, reasonCodes: [0, 0x11], properties: undefined },
  },
  // prettier-ignore
  { name: 'PINGREQ', version: 4, bytes: [0xc0, 0x00 /* PINGREQ, remaining length 0 */], packet: { type: PacketType.PINGREQ } },
  // prettier-ignore
  { name: 'PINGRESP', version: 4, bytes: [0xd0, 0x00 /* PINGRESP, remaining length 0 */], packet: { type: PacketType.PINGRESP } },
  // prettier-ignore
  { name: 'DISCONNECT 3.1.1', version: 4, bytes: [0xe0, 0x00 /* DISCONNECT, remaining length 0 */], packet: { type: PacketType.DISCONNECT } },
  // prettier-ignore
  {
    name: 'DISCONNECT 5 with will (0x04)',
    version: 5,
    bytes: [
      0xe0, 0x01, // DISCONNECT, remaining length 1: no properties (3.14.2.2)
      0x04,       // reason code 0x04: disconnect with will message
    ],
    packet: { type: PacketType.DISCONNECT, reasonCode: 0x04, properties: undefined },
  },
  // prettier-ignore
  {
    name: 'AUTH 5 continue authentication with method',
    version: 5,
    bytes: [
      0xf0, 0x0a,                         // AUTH, remaining length 10
      0x18,                               // reason code 0x18: continue authentication
      0x08,                               // properties length 8
      0x15, 0x00, 0x05, ...ascii('SCRAM'), //   authentication method "SCRAM"
    ],
    packet: { type: PacketType.AUTH, reasonCode: 0x18, properties: { authenticationMethod: 'SCRAM' } },
  },

  // ---- MQTT 3.1 (MQIsdp, level 3): every packet type besides CONNECT above ----
  // prettier-ignore
  {
    name: 'CONNACK 3.1 accepted',
    version: 3,
    bytes: [
      0x20, 2, // CONNACK, remaining length 2
      0x00,    // acknowledge flags (no session present in 3.1)
      0x00,    // return code 0: accepted
    ],
    packet: { type: PacketType.CONNACK, sessionPresent: false, reasonCode: 0, properties: undefined },
  },
  // prettier-ignore
  {
    name: 'CONNACK 3.1 identifier rejected (2)',
    version: 3,
    bytes: [0x20, 0x02, /* CONNACK, remaining length 2 */ 0x00, /* flags */ 0x02 /* return code 2: identifier rejected */],
    packet: { type: PacketType.CONNACK, sessionPresent: false, reasonCode: 2, properties: undefined },
  },
  // prettier-ignore
  {
    name: 'PUBLISH 3.1 QoS 1 RETAIN',
    version: 3,
    bytes: [
      0x33, 8,              // PUBLISH, flags 0011 = QoS 1 + RETAIN, remaining length 8
      0, 3, ...ascii('a/b'), // topic "a/b"
      0, 1,                  // packet id 1
      ...ascii('x'),         // payload "x"
    ],
    packet: {
      type: PacketType.PUBLISH, topic: 'a/b', payload: Buffer.from('x'), qos: 1, retain: true,
      dup: false, packetId: 1, properties: undefined,
    },
  },
  // prettier-ignore
  {
    name: 'PUBACK 3.1',
    version: 3,
    bytes: [0x40, 0x02, /* PUBACK, remaining length 2 */ 0x00, 0x01 /* packet id 1 */],
    packet: { type: PacketType.PUBACK, packetId: 1 },
  },
  // prettier-ignore
  {
    name: 'PUBREC 3.1',
    version: 3,
    bytes: [0x50, 0x02, /* PUBREC, remaining length 2 */ 0x00, 0x02 /* packet id 2 */],
    packet: { type: PacketType.PUBREC, packetId: 2 },
  },
  // prettier-ignore
  {
    name: 'PUBREL 3.1 (flags 0010)',
    version: 3,
    bytes: [0x62, 0x02, /* PUBREL, flags 0010, remaining length 2 */ 0x00, 0x02 /* packet id 2 */],
    packet: { type: PacketType.PUBREL, packetId: 2 },
  },
  // prettier-ignore
  {
    name: 'PUBCOMP 3.1',
    version: 3,
    bytes: [0x70, 0x02, /* PUBCOMP, remaining length 2 */ 0x00, 0x02 /* packet id 2 */],
    packet: { type: PacketType.PUBCOMP, packetId: 2 },
  },
  // prettier-ignore
  {
    name: 'SUBSCRIBE 3.1 one filter QoS 0',
    version: 3,
    bytes: [
      0x82, 6,            // SUBSCRIBE, flags 0010, remaining length 6
      0, 1,               // packet id 1
      0, 1, ...ascii('a'), // filter "a"
      0,                  // requested QoS 0
    ],
    packet: {
      type: PacketType.SUBSCRIBE, packetId: 1, subscriptions: [{ topicFilter: 'a', qos: 0 }],
      properties: undefined,
    },
  },
  // prettier-ignore
  {
    name: 'SUBACK 3.1 granted 0',
    version: 3,
    bytes: [0x90, 0x03, /* SUBACK, remaining length 3 */ 0x00, 0x01, /* packet id 1 */ 0x00 /* granted QoS 0 */],
    packet: { type: PacketType.SUBACK, packetId: 1, reasonCodes: [0], properties: undefined },
  },
  // prettier-ignore
  {
    name: 'UNSUBSCRIBE 3.1',
    version: 3,
    bytes: [0xa2, 0x05, /* UNSUBSCRIBE, flags 0010, remaining length 5 */ 0x00, 0x02, /* packet id 2 */ 0x00, 0x01, ...ascii('a') /* filter "a" */],
    packet: { type: PacketType.UNSUBSCRIBE, packetId: 2, topicFilters: ['a'], properties: undefined },
  },
  // prettier-ignore
  {
    name: 'UNSUBACK 3.1',
    version: 3,
    bytes: [0xb0, 0x02, /* UNSUBACK, remaining length 2 */ 0x00, 0x02 /* packet id 2 */],
    packet: { type: PacketType.UNSUBACK, packetId: 2 },
  },
  // prettier-ignore
  { name: 'PINGREQ 3.1', version: 3, bytes: [0xc0, 0], packet: { type: PacketType.PINGREQ } },
  // prettier-ignore
  { name: 'PINGRESP 3.1', version: 3, bytes: [0xd0, 0], packet: { type: PacketType.PINGRESP } },
  // prettier-ignore
  { name: 'DISCONNECT 3.1', version: 3, bytes: [0xe0, 0], packet: { type: PacketType.DISCONNECT } },

  // ---- MQTT 3.1.1: a two-byte Remaining Length ----
  // prettier-ignore
  {
    name: 'PUBLISH 3.1.1 QoS 0 with 200-byte payload (Remaining Length 0xcb 0x01 = 203)',
    version: 4,
    bytes: [
      0x30, 0xcb, 0x01,      // PUBLISH, remaining length 75 + 1 * 128 = 203
      0, 1, ...ascii('t'),   // topic "t"
      ...new Array<number>(200).fill(0x61), // payload: 200 x "a"
    ],
    packet: {
      type: PacketType.PUBLISH, topic: 't', payload: Buffer.alloc(200, 0x61), qos: 0, retain: false,
      dup: false, packetId: undefined, properties: undefined,
    },
  },
  // prettier-ignore
  {
    name: 'CONNACK 3.1.1 bad user name or password (4)',
    version: 4,
    bytes: [0x20, 0x02, /* CONNACK, remaining length 2 */ 0x00, /* flags */ 0x04 /* return code 4: bad user name or password */],
    packet: { type: PacketType.CONNACK, sessionPresent: false, reasonCode: 4, properties: undefined },
  },

  // ---- MQTT 5.0: every packet type, every property at least once ----
  // prettier-ignore
  {
    name: 'CONNECT 5 with will properties and a password without user name',
    version: 5,
    bytes: [
      0x10, 41,                // CONNECT, remaining length 41
      0, 4, ...ascii('MQTT'), 5, // protocol name, level 5
      0x4e,                    // flags: password, will QoS 1, will flag, clean start (0100 1110)
      0, 0,                    // keep alive 0
      0,                       // properties length 0
      0, 1, ...ascii('c'),     // client id "c"
      14,                      // will properties length 14
      0x18, 0, 0, 0, 10,       //   will delay interval 10
      0x01, 1,                 //   payload format indicator 1 (UTF-8)
      0x03, 0, 4, ...ascii('text'), // content type "text"
      0, 1, ...ascii('w'),     // will topic "w"
      0, 3, ...ascii('bye'),   // will payload "bye"
      0, 2, ...ascii('pw'),    // password "pw" (allowed without user name in v5)
    ],
    packet: {
      type: PacketType.CONNECT, protocolName: 'MQTT', protocolVersion: 5, cleanStart: true,
      keepAlive: 0, clientId: 'c',
      will: {
        topic: 'w', payload: Buffer.from('bye'), qos: 1, retain: false,
        properties: { willDelayInterval: 10, payloadFormatIndicator: 1, contentType: 'text' },
      },
      username: undefined, password: Buffer.from('pw'), properties: undefined,
    },
  },
  // prettier-ignore
  {
    name: 'CONNECT 5 with authentication, request flags, limits and a user property',
    version: 5,
    bytes: [
      0x10, 48,                  // CONNECT, remaining length 48
      0, 4, ...ascii('MQTT'), 5, // protocol name, level 5
      0x02,                      // flags: clean start
      0, 60,                     // keep alive 60
      33,                        // properties length 33
      0x15, 0, 5, ...ascii('SCRAM'), // authentication method "SCRAM"
      0x16, 0, 3, 1, 2, 3,       // authentication data 01 02 03
      0x17, 0,                   // request problem information 0
      0x19, 1,                   // request response information 1
      0x27, 0, 0, 4, 0,          // maximum packet size 1024
      0x22, 0, 16,               // topic alias maximum 16
      0x26, 0, 1, ...ascii('a'), 0, 1, ...ascii('b'), // user property a=b
      0, 2, ...ascii('id'),      // client id "id"
    ],
    packet: {
      type: PacketType.CONNECT, protocolName: 'MQTT', protocolVersion: 5, cleanStart: true,
      keepAlive: 60, clientId: 'id', will: undefined, username: undefined, password: undefined,
      properties: {
        authenticationMethod: 'SCRAM', authenticationData: Buffer.from([1, 2, 3]),
        requestProblemInformation: 0, requestResponseInformation: 1, maximumPacketSize: 1024,
        topicAliasMaximum: 16, userProperties: [['a', 'b']],
      },
    },
  },
  // prettier-ignore
  {
    name: 'CONNACK 5 session present with every server capability property',
    version: 5,
    bytes: [
      0x20, 49,                   // CONNACK, remaining length 49
      0x01,                       // acknowledge flags: session present
      0x00,                       // reason code success
      46,                         // properties length 46
      0x11, 0, 0, 0x0e, 0x10,     // session expiry interval 3600
      0x12, 0, 3, ...ascii('abc'), // assigned client identifier "abc"
      0x13, 0, 30,                // server keep alive 30
      0x21, 0, 20,                // receive maximum 20
      0x22, 0, 5,                 // topic alias maximum 5
      0x24, 1,                    // maximum QoS 1
      0x25, 0,                    // retain available 0
      0x27, 0, 1, 0, 0,           // maximum packet size 65536
      0x28, 1,                    // wildcard subscription available 1
      0x29, 0,                    // subscription identifiers available 0
      0x2a, 1,                    // shared subscription available 1
      0x1a, 0, 2, ...ascii('ri'), // response information "ri"
      0x1c, 0, 3, ...ascii('srv'), // server reference "srv"
    ],
    packet: {
      type: PacketType.CONNACK, sessionPresent: true, reasonCode: 0,
      properties: {
        sessionExpiryInterval: 3600, assignedClientIdentifier: 'abc', serverKeepAlive: 30,
        receiveMaximum: 20, topicAliasMaximum: 5, maximumQoS: 1, retainAvailable: 0,
        maximumPacketSize: 65536, wildcardSubscriptionAvailable: 1,
        subscriptionIdentifiersAvailable: 0, sharedSubscriptionAvailable: 1,
        responseInformation: 'ri', serverReference: 'srv',
      },
    },
  },
  // prettier-ignore
  {
    name: 'PUBLISH 5 QoS 0 with every message property and two subscription identifiers',
    version: 5,
    bytes: [
      0x30, 37,                    // PUBLISH QoS 0, remaining length 37
      0, 1, ...ascii('a'),         // topic "a" (no packet id at QoS 0)
      31,                          // properties length 31
      0x01, 1,                     // payload format indicator 1
      0x02, 0, 0, 0, 60,           // message expiry interval 60
      0x03, 0, 4, ...ascii('json'), // content type "json"
      0x08, 0, 3, ...ascii('r/1'), // response topic "r/1"
      0x09, 0, 2, 0xca, 0xfe,      // correlation data ca fe
      0x0b, 1,                     // subscription identifier 1
      0x0b, 0x80, 0x80, 0x01,      // subscription identifier 16384 (3-byte VBI)
      ...ascii('{}'),              // payload "{}"
    ],
    packet: {
      type: PacketType.PUBLISH, topic: 'a', payload: Buffer.from('{}'), qos: 0, retain: false,
      dup: false, packetId: undefined,
      properties: {
        payloadFormatIndicator: 1, messageExpiryInterval: 60, contentType: 'json',
        responseTopic: 'r/1', correlationData: Buffer.from([0xca, 0xfe]),
        subscriptionIdentifiers: [1, 16384],
      },
    },
  },
  // prettier-ignore
  {
    name: 'PUBREC 5 unspecified error with reason string',
    version: 5,
    bytes: [
      0x50, 8,                  // PUBREC, remaining length 8
      0, 9,                     // packet id 9
      0x80,                     // reason code 0x80 unspecified error
      4,                        // properties length 4
      0x1f, 0, 1, ...ascii('x'), // reason string "x"
    ],
    packet: { type: PacketType.PUBREC, packetId: 9, reasonCode: 0x80, properties: { reasonString: 'x' } },
  },
  // prettier-ignore
  {
    name: 'PUBREL 5 packet identifier not found (0x92), no properties',
    version: 5,
    bytes: [0x62, 3, 0, 9, 0x92],
    packet: { type: PacketType.PUBREL, packetId: 9, reasonCode: 0x92, properties: undefined },
  },
  // prettier-ignore
  {
    name: 'PUBCOMP 5 success carrying a user property (reason code must be written)',
    version: 5,
    bytes: [
      0x70, 11,                 // PUBCOMP, remaining length 11
      0, 9,                     // packet id 9
      0x00,                     // reason code success
      7,                        // properties length 7
      0x26, 0, 1, ...ascii('k'), 0, 1, ...ascii('v'), // user property k=v
    ],
    packet: { type: PacketType.PUBCOMP, packetId: 9, reasonCode: 0, properties: { userProperties: [['k', 'v']] } },
  },
  // prettier-ignore
  {
    name: 'SUBACK 5 granted 0, granted 2, topic filter invalid',
    version: 5,
    bytes: [
      0x90, 6,          // SUBACK, remaining length 6
      0, 4,             // packet id 4
      0,                // properties length 0
      0x00, 0x02, 0x8f, // reason codes
    ],
    packet: { type: PacketType.SUBACK, packetId: 4, reasonCodes: [0, 2, 0x8f], properties: undefined },
  },
  // prettier-ignore
  {
    name: 'UNSUBSCRIBE 5 with a user property',
    version: 5,
    bytes: [
      0xa2, 15,                   // UNSUBSCRIBE, flags 0010, remaining length 15
      0, 5,                       // packet id 5
      7,                          // properties length 7
      0x26, 0, 1, ...ascii('k'), 0, 1, ...ascii('v'), // user property k=v
      0, 3, ...ascii('a/b'),      // filter "a/b"
    ],
    packet: {
      type: PacketType.UNSUBSCRIBE, packetId: 5, topicFilters: ['a/b'],
      properties: { userProperties: [['k', 'v']] },
    },
  },
  // prettier-ignore
  {
    name: 'DISCONNECT 5 normal disconnection in the short form (remaining length 0)',
    version: 5,
    bytes: [0xe0, 0],
    packet: { type: PacketType.DISCONNECT, reasonCode: 0, properties: undefined },
  },
  // prettier-ignore
  {
    name: 'DISCONNECT 5 use another server with session expiry, reference and reason string',
    version: 5,
    bytes: [
      0xe0, 20,                     // DISCONNECT, remaining length 20
      0x9c,                         // reason code 0x9c use another server
      18,                           // properties length 18
      0x11, 0, 0, 0, 0,             // session expiry interval 0
      0x1c, 0, 2, ...ascii('b2'),   // server reference "b2"
      0x1f, 0, 5, ...ascii('moved'), // reason string "moved"
    ],
    packet: {
      type: PacketType.DISCONNECT, reasonCode: 0x9c,
      properties: { sessionExpiryInterval: 0, serverReference: 'b2', reasonString: 'moved' },
    },
  },
  // prettier-ignore
  {
    name: 'AUTH 5 success in the short form (remaining length 0)',
    version: 5,
    bytes: [0xf0, 0],
    packet: { type: PacketType.AUTH, reasonCode: 0, properties: undefined },
  },
  // prettier-ignore
  {
    name: 'AUTH 5 re-authenticate with method and data',
    version: 5,
    bytes: [
      0xf0, 14,                       // AUTH, remaining length 14
      0x19,                           // reason code 0x19 re-authenticate
      12,                             // properties length 12
      0x15, 0, 5, ...ascii('SCRAM'),  // authentication method "SCRAM"
      0x16, 0, 1, 9,                  // authentication data 09
    ],
    packet: {
      type: PacketType.AUTH, reasonCode: 0x19,
      properties: { authenticationMethod: 'SCRAM', authenticationData: Buffer.from([9]) },
    },
  },
  // prettier-ignore
  { name: 'PINGREQ 5', version: 5, bytes: [0xc0, 0], packet: { type: PacketType.PINGREQ } },
  // prettier-ignore
  { name: 'PINGRESP 5', version: 5, bytes: [0xd0, 0], packet: { type: PacketType.PINGRESP } },
];
