/**
 * The MQTT 5 property table (section 2.2.2.2) as data: identifier, name in {@link Properties},
 * wire type, the packets that may carry it, whether it may repeat there, and its value range.
 * The decoder and the encoder are both driven by this table; nothing about individual
 * properties is hard-coded elsewhere.
 */
import { PacketType, type Properties } from '../types';
import { ReasonCode } from '../reason-codes';

/** Wire data types of property values (1.5). */
export const PropType = {
  Byte: 1,
  TwoByte: 2,
  FourByte: 3,
  VarInt: 4,
  Utf8: 5,
  Binary: 6,
  Utf8Pair: 7,
} as const;
export type PropType = (typeof PropType)[keyof typeof PropType];

/**
 * Where properties can appear: the packet type number, or 0 for the Will Properties of CONNECT
 * (type 0 is reserved, so it is free to name the will).
 */
export const WILL_CONTEXT = 0;
export type PropertyContext = PacketType | typeof WILL_CONTEXT;

export interface PropertySpec {
  readonly id: number;
  readonly name: keyof Properties;
  readonly type: PropType;
  /** Bit (1 << context) set for every context that may carry it. */
  readonly allowedIn: number;
  /** Bit (1 << context) set where it may appear more than once (value is then an array). */
  readonly repeatableIn: number;
  /** Value range for numbers (inclusive); outside it is INVALID_PROPERTY_VALUE. */
  readonly min: number;
  readonly max: number;
  /** Reason code for an out-of-range value. */
  readonly rangeReason: number;
  /** Field name used in errors: `properties.<name>` / `will.properties.<name>`. */
  readonly field: string;
  readonly willField: string;
}

const P = PacketType;
const bits = (...contexts: PropertyContext[]): number =>
  contexts.reduce<number>((mask, c) => mask | (1 << c), 0);

const ALL_WITH_PROPERTIES = bits(
  P.CONNECT,
  P.CONNACK,
  P.PUBLISH,
  WILL_CONTEXT,
  P.PUBACK,
  P.PUBREC,
  P.PUBREL,
  P.PUBCOMP,
  P.SUBSCRIBE,
  P.SUBACK,
  P.UNSUBSCRIBE,
  P.UNSUBACK,
  P.DISCONNECT,
  P.AUTH,
);

const U8 = 0xff;
const U16 = 0xffff;
const U32 = 0xffffffff;
const VBI_MAX = 268_435_455;

type Row = [
  id: number,
  name: keyof Properties,
  type: PropType,
  allowedIn: number,
  min?: number,
  max?: number,
  rangeReason?: number,
  repeatableIn?: number,
];

const T = PropType;
const PE = ReasonCode.ProtocolError;

// prettier-ignore
const ROWS: Row[] = [
  // id    name                                 type        carried by                                          range
  [0x01, 'payloadFormatIndicator',             T.Byte,     bits(P.PUBLISH, WILL_CONTEXT),                       0, 1, PE],
  [0x02, 'messageExpiryInterval',              T.FourByte, bits(P.PUBLISH, WILL_CONTEXT)],
  [0x03, 'contentType',                        T.Utf8,     bits(P.PUBLISH, WILL_CONTEXT)],
  [0x08, 'responseTopic',                      T.Utf8,     bits(P.PUBLISH, WILL_CONTEXT)],
  [0x09, 'correlationData',                    T.Binary,   bits(P.PUBLISH, WILL_CONTEXT)],
  // 3.8.2.1.2: "It is a Protocol Error if the Subscription Identifier has a value of 0"; a
  // server-sent PUBLISH carries one per matching subscription (3.3.2.3.8), SUBSCRIBE at most one.
  [0x0b, 'subscriptionIdentifiers',            T.VarInt,   bits(P.PUBLISH, P.SUBSCRIBE),                        1, VBI_MAX, PE, bits(P.PUBLISH)],
  [0x11, 'sessionExpiryInterval',              T.FourByte, bits(P.CONNECT, P.CONNACK, P.DISCONNECT)],
  [0x12, 'assignedClientIdentifier',           T.Utf8,     bits(P.CONNACK)],
  [0x13, 'serverKeepAlive',                    T.TwoByte,  bits(P.CONNACK)],
  [0x15, 'authenticationMethod',               T.Utf8,     bits(P.CONNECT, P.CONNACK, P.AUTH)],
  [0x16, 'authenticationData',                 T.Binary,   bits(P.CONNECT, P.CONNACK, P.AUTH)],
  // 3.1.2.11.7 / 3.1.2.11.6: "a value other than 0 or 1" is a Protocol Error.
  [0x17, 'requestProblemInformation',          T.Byte,     bits(P.CONNECT),                                     0, 1, PE],
  [0x18, 'willDelayInterval',                  T.FourByte, bits(WILL_CONTEXT)],
  [0x19, 'requestResponseInformation',         T.Byte,     bits(P.CONNECT),                                     0, 1, PE],
  [0x1a, 'responseInformation',                T.Utf8,     bits(P.CONNACK)],
  [0x1c, 'serverReference',                    T.Utf8,     bits(P.CONNACK, P.DISCONNECT)],
  [0x1f, 'reasonString',                       T.Utf8,     bits(P.CONNACK, P.PUBACK, P.PUBREC, P.PUBREL, P.PUBCOMP, P.SUBACK, P.UNSUBACK, P.DISCONNECT, P.AUTH)],
  // 3.1.2.11.3 / 3.2.2.3.3: "It is a Protocol Error to include the Receive Maximum value of 0".
  [0x21, 'receiveMaximum',                     T.TwoByte,  bits(P.CONNECT, P.CONNACK),                          1, U16, PE],
  [0x22, 'topicAliasMaximum',                  T.TwoByte,  bits(P.CONNECT, P.CONNACK)],
  // 3.3.2.3.4: "A Topic Alias of 0 is not permitted" [MQTT-3.3.2-8]: answered with 0x94.
  [0x23, 'topicAlias',                         T.TwoByte,  bits(P.PUBLISH),                                     1, U16, ReasonCode.TopicAliasInvalid],
  // 3.2.2.3.4: Maximum QoS is 0 or 1 (2 is expressed by leaving it out).
  [0x24, 'maximumQoS',                         T.Byte,     bits(P.CONNACK),                                     0, 1, PE],
  [0x25, 'retainAvailable',                    T.Byte,     bits(P.CONNACK),                                     0, 1, PE],
  [0x26, 'userProperties',                     T.Utf8Pair, ALL_WITH_PROPERTIES,                                 0, 0, PE, ALL_WITH_PROPERTIES],
  // 3.1.2.11.4 / 3.2.2.3.6: "It is a Protocol Error to include ... Maximum Packet Size ... zero".
  [0x27, 'maximumPacketSize',                  T.FourByte, bits(P.CONNECT, P.CONNACK),                          1, U32, PE],
  [0x28, 'wildcardSubscriptionAvailable',      T.Byte,     bits(P.CONNACK),                                     0, 1, PE],
  [0x29, 'subscriptionIdentifiersAvailable',   T.Byte,     bits(P.CONNACK),                                     0, 1, PE],
  [0x2a, 'sharedSubscriptionAvailable',        T.Byte,     bits(P.CONNACK),                                     0, 1, PE],
];

const TYPE_MAX: Record<PropType, number> = {
  [T.Byte]: U8,
  [T.TwoByte]: U16,
  [T.FourByte]: U32,
  [T.VarInt]: VBI_MAX,
  [T.Utf8]: 0,
  [T.Binary]: 0,
  [T.Utf8Pair]: 0,
};

export const PROPERTY_SPECS: readonly PropertySpec[] = ROWS.map(
  ([id, name, type, allowedIn, min, max, rangeReason, repeatableIn]) => ({
    id,
    name,
    type,
    allowedIn,
    repeatableIn: repeatableIn ?? 0,
    min: min ?? 0,
    max: max ?? TYPE_MAX[type],
    rangeReason: rangeReason ?? PE,
    field: `properties.${name}`,
    willField: `will.properties.${name}`,
  }),
);

/** Lookup by wire identifier (index = id; holes are unknown identifiers). */
export const PROPERTY_BY_ID: readonly (PropertySpec | undefined)[] = (() => {
  const table: (PropertySpec | undefined)[] = new Array<PropertySpec | undefined>(0x80).fill(
    undefined,
  );
  for (const spec of PROPERTY_SPECS) table[spec.id] = spec;
  return table;
})();

/** Lookup by {@link Properties} key, for the encoder. */
export const PROPERTY_BY_NAME: ReadonlyMap<string, PropertySpec> = new Map(
  PROPERTY_SPECS.map((spec) => [spec.name, spec]),
);
