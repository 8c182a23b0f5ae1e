/* Codec micro-benchmark: ours vs mqtt-packet on the same inputs (npm run bench:codec). */
import mqttPacket from 'mqtt-packet';
import {
  encode,
  encodePublishHeader,
  MqttParser,
  type Packet,
  PacketType,
  type ProtocolVersion,
} from '../src/index';

const DURATION_MS = Number(process.env.BENCH_MS ?? 700);

function rate(fn: () => void): number {
  for (let i = 0; i < 2000; i++) fn(); // warm-up
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < DURATION_MS) {
    for (let i = 0; i < 200; i++) fn();
    ops += 200;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

interface Case {
  name: string;
  version: ProtocolVersion;
  ours: Packet;
  theirs: mqttPacket.Packet;
}

const payload64 = Buffer.alloc(64, 7);
const payload1k = Buffer.alloc(1024, 7);
const cases: Case[] = [];
for (const version of [4, 5] as ProtocolVersion[]) {
  const v = version === 4 ? '3.1.1' : 'v5';
  for (const [label, payload] of [
    ['64B', payload64],
    ['1KiB', payload1k],
  ] as const) {
    for (const qos of [0, 1] as const) {
      cases.push({
        name: `PUBLISH ${label} QoS${qos} ${v}`,
        version,
        ours: {
          type: PacketType.PUBLISH,
          topic: 'fleet/site-7/device-42/temp',
          payload,
          qos,
          retain: false,
          dup: false,
          packetId: qos ? 42 : undefined,
        },
        theirs: {
          cmd: 'publish',
          topic: 'fleet/site-7/device-42/temp',
          payload,
          qos,
          retain: false,
          dup: false,
          messageId: qos ? 42 : undefined,
        },
      });
    }
  }
  cases.push({
    name: `SUBSCRIBE 3 filters ${v}`,
    version,
    ours: {
      type: PacketType.SUBSCRIBE,
      packetId: 9,
      subscriptions: [
        { topicFilter: 'fleet/+/temp', qos: 1 },
        { topicFilter: 'cmd/device-42/#', qos: 2 },
        { topicFilter: 'status', qos: 0 },
      ],
    },
    theirs: {
      cmd: 'subscribe',
      messageId: 9,
      subscriptions: [
        { topic: 'fleet/+/temp', qos: 1 },
        { topic: 'cmd/device-42/#', qos: 2 },
        { topic: 'status', qos: 0 },
      ],
    },
  });
  cases.push({
    name: `CONNECT with will+auth ${v}`,
    version,
    ours: {
      type: PacketType.CONNECT,
      protocolName: 'MQTT',
      protocolVersion: version,
      cleanStart: true,
      keepAlive: 60,
      clientId: 'device-42',
      username: 'device',
      password: Buffer.from('secret'),
      will: { topic: 'status/device-42', payload: Buffer.from('offline'), qos: 1, retain: true },
    },
    theirs: {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: version,
      clean: true,
      keepalive: 60,
      clientId: 'device-42',
      username: 'device',
      password: Buffer.from('secret'),
      will: { topic: 'status/device-42', payload: Buffer.from('offline'), qos: 1, retain: true },
    },
  });
  cases.push({
    name: `PUBACK ${v}`,
    version,
    ours: { type: PacketType.PUBACK, packetId: 42 },
    theirs: { cmd: 'puback', messageId: 42 },
  });
}

const rows: string[][] = [];
const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(0)}k`);
for (const c of cases) {
  const wire = encode(c.ours, c.version);
  // Decode: one parser each, fed the packet bytes repeatedly (the steady state of a connection).
  const parser = new MqttParser({ protocolVersion: c.version, maxPacketSize: 1 << 20 });
  const theirParser = mqttPacket.parser({ protocolVersion: c.version });
  let sink = 0;
  theirParser.on('packet', () => sink++);
  const decOurs = rate(() => {
    sink += parser.push(wire).length;
  });
  const decTheirs = rate(() => {
    theirParser.parse(wire);
  });
  const encOurs = rate(() => {
    sink += encode(c.ours, c.version).length;
  });
  const encTheirs = rate(() => {
    sink += mqttPacket.generate(c.theirs, { protocolVersion: c.version }).length;
  });
  if (sink < 0) console.log(sink);
  if (c.ours.type === PacketType.PUBLISH) {
    // What the broker does per subscriber: header only, the payload is written by reference.
    const publish = c.ours;
    const hdr = rate(() => {
      sink += encodePublishHeader(publish, c.version).length;
    });
    rows.push([
      `encodePublishHeader ${c.name} (vs full generate)`,
      fmt(hdr),
      fmt(encTheirs),
      `${(hdr / encTheirs).toFixed(2)}x`,
    ]);
  }
  rows.push([
    `decode ${c.name}`,
    fmt(decOurs),
    fmt(decTheirs),
    `${(decOurs / decTheirs).toFixed(2)}x`,
  ]);
  rows.push([
    `encode ${c.name}`,
    fmt(encOurs),
    fmt(encTheirs),
    `${(encOurs / encTheirs).toFixed(2)}x`,
  ]);
  process.stderr.write('.');
}
process.stderr.write('\n');
console.log(`| case | ours (ops/s) | mqtt-packet (ops/s) | ratio |\n| --- | ---: | ---: | ---: |`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
