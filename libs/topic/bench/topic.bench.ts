/**
 * Topic library benchmark: `npm run bench:topic` (nx run topic:bench). Bundled with esbuild and
 * run with --expose-gc so heap figures are measured after a full GC. About 45 s on 2 cores.
 *
 * Workload (IoT-like, deterministic PRNG): 100k (filter, client) subscriptions over
 * `fleet/{site}/{device}/{sensor}` with 100 sites x 1000 devices x 8 sensors; 70% exact filters,
 * 20% with '+' (half `fleet/s/d/+`, half `fleet/s/+/sensor`), 10% with '#' (80% `fleet/s/d/#`,
 * 20% `fleet/s/#`). Topics: half from a subscribed device, half random devices.
 */
import { Qlobber } from 'qlobber';
import QlobberSub from 'qlobber/aedes/qlobber-sub';
import { SubscriptionIndex, subjectToTopic, topicToSubject, validateTopicName } from '../src/index';

const SUBSCRIPTIONS = 100_000;
const TOPICS = 100_000;
const SITES = 100;
const DEVICES = 1000;
const SENSORS = ['temp', 'hum', 'co2', 'pm25', 'volt', 'rssi', 'door', 'motion'];
const QLOBBER_OPTIONS = {
  separator: '/',
  wildcard_one: '+',
  wildcard_some: '#',
  match_empty_levels: true,
};

// --- workload -------------------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const site = () => `s${Math.floor(random() * SITES)}`;
const device = () => `d${String(Math.floor(random() * DEVICES)).padStart(4, '0')}`;

interface Sub {
  filter: string;
  clientId: string;
  value: { qos: number };
}

function makeSubscriptions(): Sub[] {
  const subs: Sub[] = [];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const r = random();
    const [s, d, sensor] = [site(), device(), pick(SENSORS)];
    let filter: string;
    if (r < 0.7) filter = `fleet/${s}/${d}/${sensor}`;
    else if (r < 0.8) filter = `fleet/${s}/${d}/+`;
    else if (r < 0.9) filter = `fleet/${s}/+/${sensor}`;
    else if (r < 0.98) filter = `fleet/${s}/${d}/#`;
    else filter = `fleet/${s}/#`;
    subs.push({ filter, clientId: `c${i}`, value: { qos: i % 3 } });
  }
  return subs;
}

function makeTopics(subs: Sub[]): string[] {
  const topics: string[] = [];
  for (let i = 0; i < TOPICS; i++) {
    if (i % 2 === 0) {
      const levels = pick(subs).filter.split('/');
      const s = levels[1]!;
      const d = levels[2]!.startsWith('d') ? levels[2]! : device();
      topics.push(`fleet/${s}/${d}/${pick(SENSORS)}`);
    } else topics.push(`fleet/${site()}/${device()}/${pick(SENSORS)}`);
  }
  return topics;
}

// --- measurement ----------------------------------------------------------------------------

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** Runs `round` (which does `n` operations) repeatedly for about `ms`; returns ops/s. */
function rate(n: number, round: () => void, ms = 1500): number {
  round(); // warm-up
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    round();
    ops += n;
    elapsed = performance.now() - start;
  }
  return (ops / elapsed) * 1000;
}

/**
 * Match rates measured in turns (5 rounds of ~0.3 s each per implementation, median), so load
 * from other processes on a shared machine hits every implementation alike.
 */
function interleavedRates(passes: (() => void)[], n: number): number[] {
  const samples: number[][] = passes.map(() => []);
  for (let round = 0; round < 5; round++) {
    passes.forEach((pass, i) => samples[i]!.push(rate(n, pass, 300)));
  }
  return samples.map((list) => list.sort((a, b) => a - b)[2]!);
}

/** Times one pass of `pass` (n operations), best of `times`; returns ops/s. */
function once(n: number, times: number, setup: () => void, pass: () => void): number {
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    setup();
    const start = performance.now();
    pass();
    best = Math.min(best, performance.now() - start);
  }
  return (n / best) * 1000;
}

const fmt = (opsPerSecond: number) =>
  opsPerSecond >= 1e6
    ? `${(opsPerSecond / 1e6).toFixed(2)} M/s`
    : `${(opsPerSecond / 1e3).toFixed(0)} k/s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// --- run --------------------------------------------------------------------------------------

const subs = makeSubscriptions();
const topics = makeTopics(subs);
const distinctFilters = new Set(subs.map((s) => s.filter)).size;
const sidecars = subs.map((s) => ({ clientId: s.clientId, topic: s.filter, qos: s.value.qos }));
const plainValues = subs.map((s) => ({ clientId: s.clientId, qos: s.value.qos }));

interface Row {
  name: string;
  add: number;
  remove: number;
  heap: number;
  pass: () => void;
  match: number;
  visits: number;
}
const rows: Row[] = [];

// Ours.
{
  let index = new SubscriptionIndex<string, { qos: number }>();
  const add = once(
    SUBSCRIPTIONS,
    3,
    () => (index = new SubscriptionIndex()),
    () => {
      for (const s of subs) index.add(s.filter, s.clientId, s.value);
    },
  );
  const order = [...subs].sort(() => random() - 0.5);
  const remove = once(
    SUBSCRIPTIONS,
    3,
    () => {
      index = new SubscriptionIndex();
      for (const s of subs) index.add(s.filter, s.clientId, s.value);
    },
    () => {
      for (const s of order) index.remove(s.filter, s.clientId);
    },
  );
  if (index.size !== 0 || index.nodeCount !== 1) throw new Error('remove left nodes behind');
  index = new SubscriptionIndex();
  const before = heapAfterGc();
  for (const s of subs) index.add(s.filter, s.clientId, s.value);
  const heap = heapAfterGc() - before;
  let visits = 0;
  const count = () => void visits++;
  const pass = () => {
    for (const t of topics) index.match(t, count);
  };
  visits = 0;
  pass();
  rows.push({ name: 'SubscriptionIndex (ours)', add, remove, heap, pass, match: 0, visits });

  let sink = 0;
  const has = rate(TOPICS, () => {
    for (const t of topics) if (index.hasMatch(t)) sink++;
  });
  const hits = topics.filter((t) => index.hasMatch(t)).length;
  console.log(`hasMatch: ${fmt(has)} (${((hits / TOPICS) * 100).toFixed(0)}% of topics match)`);
  if (sink === 0) console.log('(sink)');
  console.log(`trie nodes: ${index.nodeCount}, distinct filters: ${distinctFilters}`);
}

// qlobber's aedes variant: (topic, clientId) entries, re-add replaces: the same contract as ours.
{
  let q = new QlobberSub(QLOBBER_OPTIONS);
  const add = once(
    SUBSCRIPTIONS,
    3,
    () => (q = new QlobberSub(QLOBBER_OPTIONS)),
    () => {
      for (const s of sidecars) q.add(s.topic, s);
    },
  );
  const order = [...sidecars].sort(() => random() - 0.5);
  const remove = once(
    SUBSCRIPTIONS,
    3,
    () => {
      q = new QlobberSub(QLOBBER_OPTIONS);
      for (const s of sidecars) q.add(s.topic, s);
    },
    () => {
      for (const s of order) q.remove(s.topic, s);
    },
  );
  q = new QlobberSub(QLOBBER_OPTIONS);
  const before = heapAfterGc();
  for (const s of sidecars) q.add(s.topic, s);
  const heap = heapAfterGc() - before;
  const pass = () => {
    for (const t of topics) q.match(t);
  };
  let visits = 0;
  for (const t of topics) visits += q.match(t).length;
  rows.push({
    name: 'qlobber 8.0.1 QlobberSub (aedes)',
    add,
    remove,
    heap,
    pass,
    match: 0,
    visits,
  });
}

// Plain Qlobber: values in an array per filter (remove is an indexOf scan, no replace on re-add).
{
  let q = new Qlobber<{ clientId: string; qos: number }>(QLOBBER_OPTIONS);
  const add = once(
    SUBSCRIPTIONS,
    3,
    () => (q = new Qlobber(QLOBBER_OPTIONS)),
    () => {
      for (let i = 0; i < subs.length; i++) q.add(subs[i]!.filter, plainValues[i]!);
    },
  );
  const order = subs.map((_, i) => i).sort(() => random() - 0.5);
  const remove = once(
    SUBSCRIPTIONS,
    3,
    () => {
      q = new Qlobber(QLOBBER_OPTIONS);
      for (let i = 0; i < subs.length; i++) q.add(subs[i]!.filter, plainValues[i]!);
    },
    () => {
      for (const i of order) q.remove(subs[i]!.filter, plainValues[i]);
    },
  );
  q = new Qlobber(QLOBBER_OPTIONS);
  const before = heapAfterGc();
  for (let i = 0; i < subs.length; i++) q.add(subs[i]!.filter, plainValues[i]!);
  const heap = heapAfterGc() - before;
  const pass = () => {
    for (const t of topics) q.match(t);
  };
  let visits = 0;
  for (const t of topics) visits += q.match(t).length;
  rows.push({ name: 'qlobber 8.0.1 Qlobber', add, remove, heap, pass, match: 0, visits });
}

{
  const rates = interleavedRates(
    rows.map((r) => r.pass),
    TOPICS,
  );
  rows.forEach((r, i) => (r.match = rates[i]!));
}

console.log(
  `\n${SUBSCRIPTIONS / 1000}k subscriptions (${distinctFilters} distinct filters), ` +
    `${TOPICS / 1000}k topics, Node ${process.version}, gc ${gc ? 'exposed' : 'NOT exposed'}\n`,
);
console.log('| implementation | match (topics/s) | pairs visited per pass | add | remove | heap |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${fmt(r.match)} | ${r.visits} | ${fmt(r.add)} | ${fmt(r.remove)} | ${mb(r.heap)} |`,
  );
}
if (new Set(rows.map((r) => r.visits)).size !== 1) {
  console.log('\nWARNING: implementations disagree on the number of matches');
}

// Sparse scenario: 100k exact filters, random topics; few matches, so this is the cost of the
// walk itself rather than of visiting matches.
{
  const exact = Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({
    filter: `fleet/${site()}/${device()}/${pick(SENSORS)}`,
    clientId: `x${i}`,
    value: { qos: 1 },
  }));
  const probe = Array.from(
    { length: TOPICS },
    () => `fleet/${site()}/${device()}/${pick(SENSORS)}`,
  );
  const ours = new SubscriptionIndex<string, { qos: number }>();
  const sub = new QlobberSub(QLOBBER_OPTIONS);
  const plainQ = new Qlobber<{ qos: number }>(QLOBBER_OPTIONS);
  for (const e of exact) {
    ours.add(e.filter, e.clientId, e.value);
    sub.add(e.filter, { clientId: e.clientId, topic: e.filter, qos: 1 });
    plainQ.add(e.filter, e.value);
  }
  let visits = 0;
  const count = () => void visits++;
  // The same walks with hot caches: 16 topics repeated.
  const hot = Array.from({ length: TOPICS }, (_, i) => probe[i % 16]!);
  const passes: [string, () => void][] = [
    ['SubscriptionIndex (ours)', () => probe.forEach((t) => ours.match(t, count))],
    ['QlobberSub', () => probe.forEach((t) => (visits += sub.match(t).length))],
    ['Qlobber', () => probe.forEach((t) => (visits += plainQ.match(t).length))],
    ['SubscriptionIndex (ours), 16 hot topics', () => hot.forEach((t) => ours.match(t, count))],
    ['QlobberSub, 16 hot topics', () => hot.forEach((t) => (visits += sub.match(t).length))],
    ['Qlobber, 16 hot topics', () => hot.forEach((t) => (visits += plainQ.match(t).length))],
  ];
  const rates = interleavedRates(
    passes.map(([, pass]) => pass),
    TOPICS,
  );
  const results = passes.map(([name], i): [string, number] => [name, rates[i]!]);
  visits = 0;
  probe.forEach((t) => ours.match(t, count));
  console.log(
    `\nSparse: 100k exact filters, ${((visits / TOPICS) * 100).toFixed(0)} matches per 100 topics`,
  );
  console.log('| implementation | match (topics/s) |');
  console.log('|---|---|');
  for (const [name, r] of results) console.log(`| ${name} | ${fmt(r)} |`);
}

// NATS mapping and validation on the hot path.
{
  const plain = topics;
  const escaped = topics.map((t, i) => (i % 2 ? t.replace('fleet', 'fleet.eu') : `${t}/`));
  const subjects = plain.map((t) => topicToSubject(t, 'mqtt.msg'));
  const escapedSubjects = escaped.map((t) => topicToSubject(t, 'mqtt.msg'));
  let sink = 0;
  console.log('\n| operation | rate |');
  console.log('|---|---|');
  const ops: [string, () => void][] = [
    ['validateTopicName', () => plain.forEach((t) => (sink += validateTopicName(t) ? 1 : 0))],
    ['topicToSubject, plain', () => plain.forEach((t) => (sink += topicToSubject(t, 'm').length))],
    [
      'topicToSubject, escaping',
      () => escaped.forEach((t) => (sink += topicToSubject(t, 'm').length)),
    ],
    [
      'subjectToTopic, plain',
      () => subjects.forEach((s) => (sink += subjectToTopic(s, 'mqtt.msg').length)),
    ],
    [
      'subjectToTopic, escaped',
      () => escapedSubjects.forEach((s) => (sink += subjectToTopic(s, 'mqtt.msg').length)),
    ],
  ];
  for (const [name, round] of ops) console.log(`| ${name} | ${fmt(rate(TOPICS, round, 600))} |`);
  if (sink === 0) console.log('(sink)');
}

// Where qlobber's MQTT-configured matching differs from MQTT (computed, not assumed).
{
  const cases: [filter: string, topic: string][] = [
    ['#', '$SYS/x'],
    ['+/x', '$SYS/x'],
    ['+', '$SYS'],
    ['a/#', 'a'],
    ['a/+', 'a/'],
    ['+/+', '/'],
    ['a/#/b', 'a/x/b'],
  ];
  console.log('\n| filter | topic | MQTT (ours) | qlobber |');
  console.log('|---|---|---|---|');
  for (const [filter, topic] of cases) {
    const q = new Qlobber<number>(QLOBBER_OPTIONS);
    q.add(filter, 1);
    const index = new SubscriptionIndex<number, number>();
    let ours: string;
    try {
      index.add(filter, 1, 1);
      ours = String(index.hasMatch(topic));
    } catch (e) {
      ours = `rejected (${(e as { code?: string }).code ?? 'error'})`;
    }
    console.log(`| \`${filter}\` | \`${topic}\` | ${ours} | ${q.match(topic).length > 0} |`);
  }
  const deep = Array.from({ length: 101 }, () => 'x').join('/');
  let deepResult = 'ok';
  try {
    new Qlobber<number>(QLOBBER_OPTIONS).match(deep);
  } catch (e) {
    deepResult = `throws (${(e as Error).message})`;
  }
  console.log(`\nqlobber on a 101-level topic: ${deepResult}`);
}
