import type { QoS } from '@mithqtt/codec';

/** Many publishers, one subscriber, many subscribers or independent pairs. */
export type Topology = 'fanin' | 'fanout' | 'pairs';

export interface ThroughputScenario {
  readonly kind: 'throughput';
  readonly name: string;
  readonly topology: Topology;
  readonly publishers: number;
  readonly subscribers: number;
  readonly qos: QoS;
}

export interface LatencyScenario {
  readonly kind: 'latency';
  readonly name: string;
  /** Messages per second, paced by the publisher. */
  readonly rate: number;
  readonly qos: QoS;
}

export interface IdleScenario {
  readonly kind: 'idle';
  readonly name: string;
  readonly connections: number;
}

export type Scenario = ThroughputScenario | LatencyScenario | IdleScenario;

/** Every scenario the bench knows, in run order. Idle sizes come from `--idle-conns`. */
export function catalogue(idleConnections: readonly number[]): Scenario[] {
  return [
    {
      kind: 'throughput',
      name: 'fanin-q0',
      topology: 'fanin',
      publishers: 8,
      subscribers: 1,
      qos: 0,
    },
    {
      kind: 'throughput',
      name: 'fanin-q1',
      topology: 'fanin',
      publishers: 8,
      subscribers: 1,
      qos: 1,
    },
    {
      kind: 'throughput',
      name: 'fanout-q0',
      topology: 'fanout',
      publishers: 1,
      subscribers: 16,
      qos: 0,
    },
    {
      kind: 'throughput',
      name: 'fanout-q1',
      topology: 'fanout',
      publishers: 1,
      subscribers: 16,
      qos: 1,
    },
    {
      kind: 'throughput',
      name: 'pairs-q1',
      topology: 'pairs',
      publishers: 16,
      subscribers: 16,
      qos: 1,
    },
    {
      kind: 'throughput',
      name: 'pairs-q2',
      topology: 'pairs',
      publishers: 16,
      subscribers: 16,
      qos: 2,
    },
    { kind: 'latency', name: 'latency-1k', rate: 1000, qos: 1 },
    { kind: 'latency', name: 'latency-10k', rate: 10_000, qos: 1 },
    ...idleConnections.map((n): IdleScenario => ({
      kind: 'idle',
      name: `idle-${shortCount(n)}`,
      connections: n,
    })),
  ];
}

function shortCount(n: number): string {
  return n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/** One publishing client: its id is written into every payload it sends. */
export interface PublisherPlan {
  readonly pubId: number;
  readonly clientId: string;
  readonly topic: string;
  readonly qos: QoS;
  /** Messages per second; absent = as fast as flow control allows. */
  readonly rate?: number;
}

/** One subscribing client and the publishers whose every message it must receive. */
export interface SubscriberPlan {
  readonly clientId: string;
  readonly filter: string;
  readonly qos: QoS;
  readonly expectFrom: readonly number[];
  /** Record end-to-end latency (only when publisher and subscriber share a process). */
  readonly latency: boolean;
}

export interface ClientPlan {
  readonly publishers: PublisherPlan[];
  readonly subscribers: SubscriberPlan[];
}

/** Topics and filters of a throughput or latency scenario. `tag` keeps runs apart. */
export function planClients(
  scenario: ThroughputScenario | LatencyScenario,
  tag: string,
): ClientPlan {
  if (scenario.kind === 'latency') {
    const topic = `bench/${tag}/latency`;
    return {
      publishers: [
        { pubId: 0, clientId: `${tag}p0`, topic, qos: scenario.qos, rate: scenario.rate },
      ],
      subscribers: [
        { clientId: `${tag}s0`, filter: topic, qos: scenario.qos, expectFrom: [0], latency: true },
      ],
    };
  }
  const { publishers: p, subscribers: s, qos } = scenario;
  const pubIds = range(p);
  switch (scenario.topology) {
    case 'fanin':
      return {
        publishers: pubIds.map((i) => pub(tag, i, `bench/${tag}/fanin/${i}`, qos)),
        subscribers: range(s).map((j) => sub(tag, j, `bench/${tag}/fanin/+`, qos, pubIds)),
      };
    case 'fanout':
      return {
        publishers: pubIds.map((i) => pub(tag, i, `bench/${tag}/fanout`, qos)),
        subscribers: range(s).map((j) => sub(tag, j, `bench/${tag}/fanout`, qos, pubIds)),
      };
    case 'pairs':
      if (p !== s) throw new Error(`pairs needs as many publishers as subscribers (${p} vs ${s})`);
      return {
        publishers: pubIds.map((i) => pub(tag, i, `bench/${tag}/pair/${i}`, qos)),
        subscribers: pubIds.map((i) => sub(tag, i, `bench/${tag}/pair/${i}`, qos, [i])),
      };
  }
}

function pub(tag: string, i: number, topic: string, qos: QoS): PublisherPlan {
  return { pubId: i, clientId: `${tag}p${i}`, topic, qos };
}

function sub(
  tag: string,
  j: number,
  filter: string,
  qos: QoS,
  expectFrom: readonly number[],
): SubscriberPlan {
  return { clientId: `${tag}s${j}`, filter, qos, expectFrom, latency: false };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
