import { describe, expect, it } from 'vitest';
import { Deque } from './deque';
import type { Message, QueuedMessage } from './message';
import { type InflightEntry, Session, type SessionObserver } from './session';

function msg(topic: string): Message {
  return { topic, payload: Buffer.from(topic), qos: 1, retain: false };
}

function entry(packetId: number, topic = `t/${packetId}`): InflightEntry {
  return { packetId, message: msg(topic), qos: 1, retain: false, phase: 'publish' };
}

/** Records observer calls by name. */
function recordingObserver(): { observer: SessionObserver; calls: string[] } {
  const calls: string[] = [];
  const observer: SessionObserver = {
    queued: () => calls.push('queued'),
    dequeued: () => calls.push('dequeued'),
    inflightAdded: (e) => calls.push(`inflightAdded ${e.packetId}`),
    inflightReleased: (id) => calls.push(`inflightReleased ${id}`),
    inflightRemoved: (id) => calls.push(`inflightRemoved ${id}`),
    releaseAwaited: (id) => calls.push(`releaseAwaited ${id}`),
    released: (id) => calls.push(`released ${id}`),
  };
  return { observer, calls };
}

describe('Session (state allocated on first use)', () => {
  it('reads as empty before any in-flight or awaiting-release state exists', () => {
    const s = new Session('c', false);
    expect(s.inflight.size).toBe(0);
    expect(s.inflight.get(1)).toBeUndefined();
    expect(s.awaitingRelease.has(1)).toBe(false);
    expect(s.queue.length).toBe(0);
    expect([...s.queue]).toEqual([]);
    // Nothing to remove: no observer call.
    const { observer, calls } = recordingObserver();
    s.observer = observer;
    s.completeInflight(1);
    s.release(1);
    expect(calls).toEqual([]);
  });

  it('keeps in-flight entries in send order and tells the observer of each change', () => {
    const s = new Session('c', true);
    const { observer, calls } = recordingObserver();
    s.observer = observer;
    s.addInflight(entry(s.nextPacketId()));
    s.addInflight(entry(s.nextPacketId()));
    s.completeInflight(1);
    s.addInflight(entry(s.nextPacketId()));
    expect([...s.inflight.keys()]).toEqual([2, 3]);
    s.awaitRelease(7);
    expect(s.awaitingRelease.has(7)).toBe(true);
    s.release(7);
    expect(s.awaitingRelease.has(7)).toBe(false);
    expect(calls).toEqual([
      'inflightAdded 1',
      'inflightAdded 2',
      'inflightRemoved 1',
      'inflightAdded 3',
      'releaseAwaited 7',
      'released 7',
    ]);
  });

  it('[MQTT-2.3.1-2] never hands out an id still in flight, also after a restore', () => {
    const s = new Session('c', true);
    s.restoreState([entry(1), entry(2)], [], []);
    expect(s.nextPacketId()).toBe(3);
    s.addInflight(entry(3));
    s.completeInflight(1);
    // Ids continue upwards; 1 is free again but 2 and 3 are not.
    expect(s.nextPacketId()).toBe(4);
  });

  it('restores stored state as is, without telling the observer (the store has it)', () => {
    const s = new Session('c', true);
    const { observer, calls } = recordingObserver();
    s.observer = observer;
    const queued: QueuedMessage[] = [
      { message: msg('q/1'), qos: 1, retain: false },
      { message: msg('q/2'), qos: 0, retain: true },
    ];
    s.restoreState([entry(9), entry(4)], queued, [5, 6]);
    expect([...s.inflight.keys()]).toEqual([9, 4]);
    expect([...s.queue].map((q) => q.message.topic)).toEqual(['q/1', 'q/2']);
    expect([...s.awaitingRelease]).toEqual([5, 6]);
    expect(s.nextPacketId()).toBe(5);
    expect(calls).toEqual([]);
  });

  it('[MQTT-3.1.2-6] clear() empties everything and the session works again afterwards', () => {
    const s = new Session('c', false);
    s.addInflight(entry(s.nextPacketId()));
    s.awaitRelease(3);
    s.enqueue(msg('a'), 1, false, { maxQueued: 10, dropPolicy: 'drop-new' });
    s.clear();
    expect(s.inflight.size).toBe(0);
    expect(s.awaitingRelease.size).toBe(0);
    expect(s.queue.length).toBe(0);
    expect(s.nextPacketId()).toBe(1);
    s.enqueue(msg('b'), 1, false, { maxQueued: 10, dropPolicy: 'drop-new' });
    expect(s.dequeue()?.message.topic).toBe('b');
  });
});

describe('Deque', () => {
  it('starts without storage, grows, wraps around and keeps order; clear() starts over', () => {
    const d = new Deque<number>();
    expect(d.shift()).toBeUndefined();
    expect(d.peek()).toBeUndefined();
    for (let i = 0; i < 3; i++) d.push(i);
    expect(d.shift()).toBe(0);
    for (let i = 3; i < 10; i++) d.push(i); // wraps, then grows
    expect([...d]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(d.length).toBe(9);
    d.clear();
    expect(d.length).toBe(0);
    expect([...d]).toEqual([]);
    d.push(42);
    expect(d.peek()).toBe(42);
    expect(d.shift()).toBe(42);
    expect(d.shift()).toBeUndefined();
  });

  it('empty deques share nothing: pushing to one leaves another empty', () => {
    const a = new Deque<string>();
    const b = new Deque<string>();
    a.push('x');
    expect(b.length).toBe(0);
    expect([...b]).toEqual([]);
    b.clear();
    a.clear();
    b.push('y');
    expect([...a]).toEqual([]);
    expect([...b]).toEqual(['y']);
  });
});
