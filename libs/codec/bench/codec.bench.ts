/* Codec micro-benchmark: ours vs mqtt-packet on the same inputs (npm run bench:codec). */
import { cpus, loadavg } from 'node:os';
import mqttPacket from 'mqtt-packet';
import {
  encode,
  encodePublishHeader,
  MqttParser,
  type Packet,
  PacketType,
  type ProtocolVersion,
} from '../src/index';

const DURATION_MS = Number(process.env.BENCH_MS ?? 500);
/**
 * Each side is measured in ROUNDS alternating slices and the best slice is reported: on a
 * shared machine (other builds and tests running) the least disturbed slice is the closest to
 * the codec's own speed, and both sides get the same treatment.
 */
const ROUNDS = 10;
const WARMUP_MS = 100;

function slice(fn: () => void, ms: number): number {
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 200; i++) fn();
    ops += 200;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

const best = (xs: number[]): number => Math.max(...xs);

/**
 * Ops/s of `ours` and `theirs`, measured in alternating slices so that load from other
 * processes (this machine is shared) hits both sides alike.
 */
function compare(ours: () => void, theirs: () => void): [number, number] {
  // Warm-up by time, not count: long enough for the JIT to settle on both sides.
  slice(ours, WARMUP_MS);
  slice(theirs, WARMUP_MS);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    a.push(slice(ours, DURATION_MS / ROUNDS));
    b.push(slice(theirs, DURATION_MS / ROUNDS));
  }
  return [best(a), best(b)];
}

function rate(fn: () => void): number {
  slice(fn, WARMUP_MS);
  return best(Array.from({ length: ROUNDS }, () => slice(fn, DURATION_MS / ROUNDS)));
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

/** BENCH_FILTER=<substring> runs only the matching cases (when profiling one path). */
const FILTER = process.env.BENCH_FILTER ?? '';
const rows: string[][] = [];
/** The broker's paths: header-only PUBLISH encode, and decoding a chunked stream. */
const extraRows: string[][] = [];
const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(0)}k`);
for (const c of cases.filter((x) => x.name.includes(FILTER))) {
  const wire = encode(c.ours, c.version);
  // Decode: one parser each, fed the packet bytes repeatedly (the steady state of a connection).
  const parser = new MqttParser({ protocolVersion: c.version, maxPacketSize: 1 << 20 });
  const theirParser = mqttPacket.parser({ protocolVersion: c.version });
  let sink = 0;
  theirParser.on('packet', () => sink++);
  const [decOurs, decTheirs] = compare(
    () => {
      sink += parser.push(wire).length;
    },
    () => {
      theirParser.parse(wire);
    },
  );
  const [encOurs, encTheirs] = compare(
    () => {
      sink += encode(c.ours, c.version).length;
    },
    () => {
      sink += mqttPacket.generate(c.theirs, { protocolVersion: c.version }).length;
    },
  );
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
  if (c.ours.type === PacketType.PUBLISH) {
    // What the broker does per subscriber: header only, the payload is written by reference.
    const publish = c.ours;
    const hdr = rate(() => {
      sink += encodePublishHeader(publish, c.version).length;
    });
    extraRows.push([
      `encodePublishHeader ${c.name} (vs full generate)`,
      fmt(hdr),
      fmt(encTheirs),
      `${(hdr / encTheirs).toFixed(2)}x`,
    ]);
  }
  if (sink < 0) console.log(sink);
  process.stderr.write('.');
}
// A socket stream: 1 KiB PUBLISH packets (3.1.1) arriving in 16 KiB reads, so that most reads
// end inside a packet. Ops are packets.
if ('stream'.includes(FILTER)) {
  const one = encode(
    {
      type: PacketType.PUBLISH,
      topic: 'fleet/site-7/device-42/temp',
      payload: payload1k,
      qos: 1,
      retain: false,
      dup: false,
      packetId: 42,
    },
    4,
  );
  const PACKETS = 256;
  const stream = Buffer.concat(Array.from({ length: PACKETS }, () => one));
  const reads: Buffer[] = [];
  for (let off = 0; off < stream.length; off += 16384)
    reads.push(stream.subarray(off, off + 16384));
  const parser = new MqttParser({ protocolVersion: 4 });
  const theirParser = mqttPacket.parser({ protocolVersion: 4 });
  let sink = 0;
  theirParser.on('packet', () => sink++);
  const [ours, theirs] = compare(
    () => {
      for (const r of reads) sink += parser.push(r).length;
    },
    () => {
      for (const r of reads) theirParser.parse(r);
    },
  );
  if (sink < 0) console.log(sink);
  extraRows.push([
    'decode stream: 1 KiB PUBLISH QoS1 3.1.1 in 16 KiB reads',
    fmt(ours * PACKETS),
    fmt(theirs * PACKETS),
    `${(ours / theirs).toFixed(2)}x`,
  ]);
}
process.stderr.write('\n');
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const cpu = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`;
console.log(
  `node ${process.version}, ${cpu}, load average ${load} at the end, ` +
    `${DURATION_MS} ms per side per case (best of ${ROUNDS} alternating slices)\n`,
);
console.log(`| case | ours (ops/s) | mqtt-packet (ops/s) | ratio |\n| --- | ---: | ---: | ---: |`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log(
  `\n| broker path | ours (ops/s) | mqtt-packet full generate / parse (ops/s) | ratio |\n| --- | ---: | ---: | ---: |`,
);
for (const r of extraRows) console.log(`| ${r.join(' | ')} |`);
