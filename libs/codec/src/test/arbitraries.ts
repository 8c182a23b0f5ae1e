import fc from 'fast-check';
import { type Packet, PacketType, type ProtocolVersion, type QoS } from '../lib/types';

/** Strings the codec accepts: any Unicode without U+0000 or lone surrogates, short. */
export const mqttString = (maxLength = 20): fc.Arbitrary<string> =>
  fc.string({ unit: 'grapheme', maxLength }).filter((s) => !s.includes('\u0000'));
const qos = fc.constantFrom<QoS>(0, 1, 2);
const packetId = fc.integer({ min: 1, max: 65535 });
const bytes = (max = 64) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));

/** Arbitrary valid packets of one protocol version (v5 with a few properties). */
export function packetArb(version: ProtocolVersion): fc.Arbitrary<Packet> {
  const v5 = version === 5;
  const props = v5
    ? fc.option(
        fc.record({
          userProperties: fc.array(fc.tuple(mqttString(5), mqttString(5)), {
            minLength: 1,
            maxLength: 2,
          }),
        }),
        { nil: undefined },
      )
    : fc.constant(undefined);
  const publish = fc
    .record({
      topic: mqttString(),
      payload: bytes(),
      qos,
      retain: fc.boolean(),
      dup: fc.boolean(),
      packetId,
      properties: props,
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
        fc.record({ topic: mqttString(), payload: bytes(), qos, retain: fc.boolean() }),
        { nil: undefined },
      ),
      username: fc.option(mqttString(), { nil: undefined }),
      password: fc.option(bytes(16), { nil: undefined }),
    })
    .map((c): Packet => ({
      type: PacketType.CONNECT,
      protocolName: version === 3 ? 'MQIsdp' : 'MQTT',
      protocolVersion: version,
      cleanStart: c.cleanStart,
      keepAlive: c.keepAlive,
      clientId: c.clientId,
      will: c.will ? { ...c.will, properties: undefined } : undefined,
      username: c.username ?? (c.password && !v5 ? 'u' : undefined),
      password: c.password,
      properties: undefined,
    }));
  const subscribe = fc
    .record({
      packetId,
      subs: fc.array(fc.record({ topicFilter: mqttString(), qos }), { minLength: 1, maxLength: 4 }),
    })
    .map((s): Packet => ({
      type: PacketType.SUBSCRIBE,
      packetId: s.packetId,
      subscriptions: s.subs.map((x) =>
        v5 ? { ...x, noLocal: false, retainAsPublished: false, retainHandling: 0 } : x,
      ),
      properties: undefined,
    }));
  const ack = fc
    .record({
      type: fc.constantFrom(
        PacketType.PUBACK,
        PacketType.PUBREC,
        PacketType.PUBREL,
        PacketType.PUBCOMP,
      ),
      packetId,
    })
    .map((a): Packet => (v5 ? { ...a, reasonCode: 0, properties: undefined } : a));
  const suback = fc
    .record({
      packetId,
      codes: fc.array(fc.constantFrom(0, 1, 2, 0x80), { minLength: 1, maxLength: 4 }),
    })
    .map((s): Packet => ({
      type: PacketType.SUBACK,
      packetId: s.packetId,
      reasonCodes: s.codes,
      properties: undefined,
    }));
  const unsubscribe = fc
    .record({ packetId, filters: fc.array(mqttString(), { minLength: 1, maxLength: 3 }) })
    .map((u): Packet => ({
      type: PacketType.UNSUBSCRIBE,
      packetId: u.packetId,
      topicFilters: u.filters,
      properties: undefined,
    }));
  const connack = fc
    .record({ sessionPresent: fc.boolean(), code: fc.constantFrom(0, 1, 2, 3, 4, 5) })
    .map((c): Packet => ({
      type: PacketType.CONNACK,
      sessionPresent: c.code === 0 && c.sessionPresent,
      reasonCode: v5 ? ([0, 0x80, 0x84, 0x86, 0x87, 0x88][c.code] ?? 0) : c.code,
      properties: undefined,
    }));
  const simple = fc.constantFrom<Packet>(
    { type: PacketType.PINGREQ },
    { type: PacketType.PINGRESP },
  );
  return fc.oneof(publish, connect, subscribe, ack, suback, unsubscribe, connack, simple);
}
