import fc from 'fast-check';
import {
  PROPERTY_SPECS,
  PropType,
  type PropertyContext,
  type PropertySpec,
  WILL_CONTEXT,
} from '../lib/properties/table';
import {
  AUTH_REASON_CODES,
  CONNACK_REASON_CODES,
  DISCONNECT_REASON_CODES,
  PUBACK_REASON_CODES,
  PUBREL_REASON_CODES,
  SUBACK_REASON_CODES,
  UNSUBACK_REASON_CODES,
} from '../lib/reason-codes';
import {
  type AckPacket,
  type Packet,
  PacketType,
  type Properties,
  type ProtocolVersion,
  type QoS,
  type RetainHandling,
} from '../lib/types';

/** Strings the codec accepts: any Unicode without U+0000 or lone surrogates, short. */
export const mqttString = (maxLength = 20): fc.Arbitrary<string> =>
  fc.string({ unit: 'grapheme', maxLength }).filter((s) => !s.includes('\u0000'));
const qos = fc.constantFrom<QoS>(0, 1, 2);
const packetId = fc.integer({ min: 1, max: 65535 });
const bytes = (max = 64) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));

/** Every code of a 256-entry reason-code table. */
const codesOf = (set: Readonly<Uint8Array>): number[] =>
  [...set.keys()].filter((code) => set[code] === 1);
const codeFrom = (set: Readonly<Uint8Array>) => fc.constantFrom(...codesOf(set));

/** A valid value for one property, by its wire type and range in the property table. */
function valueArb(spec: PropertySpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case PropType.Byte:
    case PropType.TwoByte:
    case PropType.FourByte:
    case PropType.VarInt:
      return fc.oneof(
        fc.constantFrom(spec.min, spec.max),
        fc.integer({ min: spec.min, max: spec.max }),
      );
    case PropType.Utf8:
      return mqttString(12);
    case PropType.Binary:
      return bytes(12);
    case PropType.Utf8Pair:
      return fc.tuple(mqttString(6), mqttString(6));
  }
}

/**
 * Arbitrary valid v5 properties for `context`, generated from the property table: any subset
 * of the properties that context may carry; repeatable ones as arrays (a SUBSCRIBE gets one
 * Subscription Identifier, a PUBLISH up to three). Undefined when the subset is empty, which is
 * what the decoder returns for an empty property block.
 */
export function propertiesArb(context: PropertyContext): fc.Arbitrary<Properties | undefined> {
  const bit = 1 << context;
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const spec of PROPERTY_SPECS) {
    if ((spec.allowedIn & bit) === 0) continue;
    const value = valueArb(spec);
    fields[spec.name] =
      spec.repeatableIn === 0
        ? value
        : fc.array(value, { minLength: 1, maxLength: (spec.repeatableIn & bit) !== 0 ? 3 : 1 });
  }
  return fc.record(fields, { requiredKeys: [] }).map((record) => {
    const props = record as Properties;
    // 3.1.2.11.10: Authentication Data needs an Authentication Method.
    if (props.authenticationData !== undefined && props.authenticationMethod === undefined) {
      props.authenticationMethod = 'SCRAM-SHA-1';
    }
    return Object.keys(props).length === 0 ? undefined : props;
  });
}

/**
 * Arbitrary valid packets of one protocol version, every packet type of that version, in the
 * canonical shape the decoder returns (so decode(encode(p)) must equal p).
 */
export function packetArb(version: ProtocolVersion): fc.Arbitrary<Packet> {
  const v5 = version === 5;
  const props = (context: PropertyContext) =>
    v5 ? propertiesArb(context) : fc.constant(undefined);

  const publish = fc
    .record({
      topic: mqttString(),
      payload: bytes(),
      qos,
      retain: fc.boolean(),
      dup: fc.boolean(),
      packetId,
      properties: props(PacketType.PUBLISH),
    })
    .map((p): Packet => ({
      type: PacketType.PUBLISH,
      topic: p.topic,
      payload: p.payload,
      qos: p.qos,
      retain: p.retain,
      dup: p.qos > 0 && p.dup,
      packetId: p.qos > 0 ? p.packetId : undefined,
      properties: p.properties,
    }));

  const connect = fc
    .record({
      cleanStart: fc.boolean(),
      keepAlive: fc.integer({ min: 0, max: 65535 }),
      clientId: mqttString(23),
      will: fc.option(
        fc.record({
          topic: mqttString(),
          payload: bytes(),
          qos,
          retain: fc.boolean(),
          properties: props(WILL_CONTEXT),
        }),
        { nil: undefined },
      ),
      username: fc.option(mqttString(), { nil: undefined }),
      password: fc.option(bytes(16), { nil: undefined }),
      properties: props(PacketType.CONNECT),
    })
    .map((c): Packet => ({
      type: PacketType.CONNECT,
      protocolName: version === 3 ? 'MQIsdp' : 'MQTT',
      protocolVersion: version,
      cleanStart: c.cleanStart,
      keepAlive: c.keepAlive,
      clientId: c.clientId,
      will: c.will,
      // [MQTT-3.1.2-22] 3.1/3.1.1 need a user name with a password; MQTT 5 does not.
      username: c.username ?? (c.password && !v5 ? 'u' : undefined),
      password: c.password,
      properties: c.properties,
    }));

  const connack = fc
    .record({
      sessionPresent: fc.boolean(),
      code: v5 ? codeFrom(CONNACK_REASON_CODES) : fc.constantFrom(0, 1, 2, 3, 4, 5),
      properties: props(PacketType.CONNACK),
    })
    .map((c): Packet => ({
      type: PacketType.CONNACK,
      sessionPresent: c.sessionPresent,
      reasonCode: c.code,
      properties: c.properties,
    }));

  const ackTypes = [
    PacketType.PUBACK,
    PacketType.PUBREC,
    PacketType.PUBREL,
    PacketType.PUBCOMP,
  ] as const;
  const ack = fc.constantFrom(...ackTypes).chain((type): fc.Arbitrary<Packet> =>
    v5
      ? fc
          .record({
            packetId,
            reasonCode: codeFrom(
              type === PacketType.PUBREL || type === PacketType.PUBCOMP
                ? PUBREL_REASON_CODES
                : PUBACK_REASON_CODES,
            ),
            properties: propertiesArb(type),
          })
          .map((a): AckPacket => ({ type, ...a }))
      : packetId.map((id): AckPacket => ({ type, packetId: id })),
  );

  const subscribe = fc
    .record({
      packetId,
      subs: fc.array(
        fc.record({
          topicFilter: mqttString(),
          qos,
          noLocal: fc.boolean(),
          retainAsPublished: fc.boolean(),
          retainHandling: fc.constantFrom<RetainHandling>(0, 1, 2),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      properties: props(PacketType.SUBSCRIBE),
    })
    .map((s): Packet => ({
      type: PacketType.SUBSCRIBE,
      packetId: s.packetId,
      // v3/v4 have no subscription options beyond QoS.
      subscriptions: s.subs.map((x) => (v5 ? x : { topicFilter: x.topicFilter, qos: x.qos })),
      properties: s.properties,
    }));

  const suback = fc
    .record({
      packetId,
      codes: fc.array(v5 ? codeFrom(SUBACK_REASON_CODES) : fc.constantFrom(0, 1, 2, 0x80), {
        minLength: 1,
        maxLength: 4,
      }),
      properties: props(PacketType.SUBACK),
    })
    .map((s): Packet => ({
      type: PacketType.SUBACK,
      packetId: s.packetId,
      reasonCodes: s.codes,
      properties: s.properties,
    }));

  const unsubscribe = fc
    .record({
      packetId,
      filters: fc.array(mqttString(), { minLength: 1, maxLength: 3 }),
      properties: props(PacketType.UNSUBSCRIBE),
    })
    .map((u): Packet => ({
      type: PacketType.UNSUBSCRIBE,
      packetId: u.packetId,
      topicFilters: u.filters,
      properties: u.properties,
    }));

  const unsuback: fc.Arbitrary<Packet> = v5
    ? fc
        .record({
          packetId,
          reasonCodes: fc.array(codeFrom(UNSUBACK_REASON_CODES), { minLength: 1, maxLength: 4 }),
          properties: propertiesArb(PacketType.UNSUBACK),
        })
        .map((u): Packet => ({ type: PacketType.UNSUBACK, ...u }))
    : packetId.map((id): Packet => ({ type: PacketType.UNSUBACK, packetId: id }));

  const disconnect: fc.Arbitrary<Packet> = v5
    ? fc
        .record({
          reasonCode: codeFrom(DISCONNECT_REASON_CODES),
          properties: propertiesArb(PacketType.DISCONNECT),
        })
        .map((d): Packet => ({ type: PacketType.DISCONNECT, ...d }))
    : fc.constant<Packet>({ type: PacketType.DISCONNECT });

  const simple = fc.constantFrom<Packet>(
    { type: PacketType.PINGREQ },
    { type: PacketType.PINGRESP },
  );

  const all: fc.Arbitrary<Packet>[] = [
    publish,
    connect,
    connack,
    ack,
    subscribe,
    suback,
    unsubscribe,
    unsuback,
    simple,
    disconnect,
  ];
  if (v5) {
    all.push(
      fc
        .record({
          reasonCode: codeFrom(AUTH_REASON_CODES),
          properties: propertiesArb(PacketType.AUTH),
        })
        .map((a): Packet => ({ type: PacketType.AUTH, ...a })),
    );
  }
  return fc.oneof(...all);
}
