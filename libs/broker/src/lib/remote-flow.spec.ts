import { Session } from '@mithqtt/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClusterPort } from './ports/cluster.port';
import { RemoteFlow } from './remote-flow';

/** A cluster port that records the flow messages it is asked to send. */
function recordingCluster(): { port: ClusterPort; sent: string[] } {
  const sent: string[] = [];
  const port = {
    flowPause: (origin: string) => sent.push(`pause ${origin}`),
    flowResume: (origin: string) => sent.push(`resume ${origin}`),
  } as unknown as ClusterPort;
  return { port, sent };
}

function publisher() {
  const p = { waits: 0, drains: 0, waitForDrain: () => p.waits++, drained: () => p.drains++ };
  return p;
}

describe('RemoteFlow', () => {
  let now = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 1_000;
  });
  afterEach(() => vi.useRealTimers());

  it('subscriber side: asks the origin to pause once per congestion, resumes when every congested session drained', () => {
    const { port, sent } = recordingCluster();
    const flow = new RemoteFlow(port, () => now);
    const s1 = new Session('s1', false);
    const s2 = new Session('s2', false);
    flow.congestedBy(s1, 'node-a');
    flow.congestedBy(s1, 'node-a'); // already waiting on s1
    flow.congestedBy(s2, 'node-a');
    expect(sent).toEqual(['pause node-a']);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['pause node-a', 'pause node-a']); // refreshed while congested
    s1.releaseDrainWaiters();
    expect(sent.at(-1)).toBe('pause node-a');
    s2.releaseDrainWaiters();
    expect(sent.at(-1)).toBe('resume node-a');
    vi.advanceTimersByTime(5000);
    expect(sent.at(-1)).toBe('resume node-a'); // no refresh after the resume
  });

  it('origin side: holds each local publisher after its next message until every pausing node resumed', () => {
    const { port } = recordingCluster();
    const flow = new RemoteFlow(port, () => now);
    const p = publisher();
    flow.hold(p); // nobody asked: not held
    expect(p.waits).toBe(0);
    flow.pause('node-b');
    flow.pause('node-c');
    flow.hold(p);
    flow.hold(p);
    expect(p.waits).toBe(1);
    flow.resume('node-b');
    expect(p.drains).toBe(0);
    flow.resume('node-c');
    expect(p.drains).toBe(1);
  });

  it('origin side: a pause that is not renewed expires (the node that asked may be dead)', () => {
    const { port } = recordingCluster();
    const flow = new RemoteFlow(port, () => now);
    const p = publisher();
    flow.pause('node-dead');
    flow.hold(p);
    expect(p.waits).toBe(1);
    now += 3000;
    vi.advanceTimersByTime(3000);
    expect(p.drains).toBe(1);
    const q = publisher();
    flow.hold(q);
    expect(q.waits).toBe(0);
  });
});
