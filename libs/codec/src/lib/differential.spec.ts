import fc from 'fast-check';
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { mqttString } from '../test/arbitraries';
import { encode } from './encode/encode';
import { MqttParser } from './parser';
import { type Packet, PacketType, type ProtocolVersion, type QoS } from './types';

/**
 * Differential tests against mqtt-packet, the codec most Node brokers use: whatever one encodes,
 * the other must decode to the same fields. Known leniencies of mqtt-packet that ours refuses
 * (so they are not generated here): it accepts DUP on QoS 0, has no packet size cap, and does
 * not reject U+0000 in strings.
 */
function theirs(bytes: Buffer, protocolVersion: ProtocolVersion): mqttPacket.Packet[] {
  const parser = mqttPacket.parser({ protocolVersion });
  const out: mqttPacket.Packet[] = [];
  parser.on('packet', (p: mqttPacket.Packet) => out.push(p));
  parser.on('error', (e: Error) => {
    throw e;
  });
  parser.parse(bytes);
  return out;
}

function ours(bytes: Buffer, version: ProtocolVersion): Packet[] {
  return new MqttParser({ protocolVersion: version }).push(bytes);
}

const qos = fc.constantFrom<QoS>(0, 1, 2);
const payload = fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a));

describe.each([4, 5] as ProtocolVersion[])(
  'differential vs mqtt-packet, MQTT level %i',
  (version) => {
    it('PUBLISH: theirs -> ours and ours -> theirs agree', () => {
      fc.assert(
        fc.property(
          mqttString(),
          payload,
          qos,
          fc.boolean(),
          fc.integer({ min: 1, max: 65535 }),
          (topic, body, q, retain, id) => {
            const generated = mqttPacket.generate(
              {
                cmd: 'publish',
                topic,
                payload: body,
                qos: q,
                retain,
                dup: false,
                messageId: q > 0 ? id : undefined,
              },
              { protocolVersion: version },
            );
            const [p] = ours(generated, version);
            expect(p).toMatchObject({
              type: PacketType.PUBLISH,
              topic,
              qos: q,
              retain,
              dup: false,
            });
            if (p?.type === PacketType.PUBLISH) {
              expect(p.payload.equals(body)).toBe(true);
              expect(p.packetId).toBe(q > 0 ? id : undefined);
            }
            const mine = encode(
              {
                type: PacketType.PUBLISH,
                topic,
                payload: body,
                qos: q,
                retain,
                dup: false,
                packetId: q > 0 ? id : undefined,
              },
              version,
            );
            const [t] = theirs(mine, version) as mqttPacket.IPublishPacket[];
            expect(t).toMatchObject({ cmd: 'publish', topic, qos: q, retain, dup: false });
            expect(Buffer.from(t?.payload ?? '').equals(body)).toBe(true);
            if (q > 0) expect(t?.messageId).toBe(id);
          },
        ),
        { numRuns: 300 },
      );
    });

    it('SUBSCRIBE: theirs -> ours and ours -> theirs agree', () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ topic: mqttString().filter((s) => s.length > 0), qos }), {
            minLength: 1,
            maxLength: 4,
          }),
          fc.integer({ min: 1, max: 65535 }),
          (subs, id) => {
            const generated = mqttPacket.generate(
              { cmd: 'subscribe', messageId: id, subscriptions: subs },
              { protocolVersion: version },
            );
            const [p] = ours(generated, version);
            expect(p?.type).toBe(PacketType.SUBSCRIBE);
            if (p?.type === PacketType.SUBSCRIBE) {
              expect(p.packetId).toBe(id);
              expect(p.subscriptions.map((s) => [s.topicFilter, s.qos])).toEqual(
                subs.map((s) => [s.topic, s.qos]),
              );
            }
            const mine = encode(
              {
                type: PacketType.SUBSCRIBE,
                packetId: id,
                subscriptions: subs.map((s) => ({ topicFilter: s.topic, qos: s.qos })),
              },
              version,
            );
            const [t] = theirs(mine, version) as mqttPacket.ISubscribePacket[];
            expect(t?.messageId).toBe(id);
            expect(t?.subscriptions.map((s) => [s.topic, s.qos])).toEqual(
              subs.map((s) => [s.topic, s.qos]),
            );
          },
        ),
        { numRuns: 200 },
      );
    });

    it('CONNECT: theirs -> ours and ours -> theirs agree', () => {
      fc.assert(
        fc.property(
          mqttString(23).filter((s) => s.length > 0), // mqtt-packet refuses an empty id with clean=0 (a server rule, not a wire rule)
          fc.boolean(),
          fc.integer({ min: 0, max: 65535 }),
          fc.option(mqttString(), { nil: undefined }),
          (clientId, clean, keepalive, username) => {
            const generated = mqttPacket.generate(
              {
                cmd: 'connect',
                protocolId: 'MQTT',
                protocolVersion: version,
                clean,
                keepalive,
                clientId,
                username,
              },
              { protocolVersion: version },
            );
            const [p] = ours(generated, version);
            expect(p).toMatchObject({
              type: PacketType.CONNECT,
              protocolVersion: version,
              clientId,
              cleanStart: clean,
              keepAlive: keepalive,
              username,
            });
            const mine = encode(
              {
                type: PacketType.CONNECT,
                protocolName: 'MQTT',
                protocolVersion: version,
                cleanStart: clean,
                keepAlive: keepalive,
                clientId,
                username,
              },
              version,
            );
            const [t] = theirs(mine, version) as mqttPacket.IConnectPacket[];
            expect(t).toMatchObject({
              cmd: 'connect',
              protocolVersion: version,
              clientId,
              clean,
              keepalive,
            });
            expect(t?.username).toBe(username);
          },
        ),
        { numRuns: 200 },
      );
    });

    it('acks: PUBACK/PUBREC/PUBREL/PUBCOMP agree both ways', () => {
      const cmds = ['puback', 'pubrec', 'pubrel', 'pubcomp'] as const;
      const types = [
        PacketType.PUBACK,
        PacketType.PUBREC,
        PacketType.PUBREL,
        PacketType.PUBCOMP,
      ] as const;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 65535 }), (i, id) => {
          const generated = mqttPacket.generate(
            { cmd: cmds[i] as 'puback', messageId: id },
            { protocolVersion: version },
          );
          expect(ours(generated, version)[0]).toMatchObject({ type: types[i], packetId: id });
          const [t] = theirs(encode({ type: types[i] as 4, packetId: id }, version), version);
          expect(t).toMatchObject({ cmd: cmds[i], messageId: id });
        }),
        { numRuns: 100 },
      );
    });
  },
);
