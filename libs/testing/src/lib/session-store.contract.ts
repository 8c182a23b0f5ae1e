import type { SessionStore } from '@mithqtt/broker';
import type { InflightEntry, Message, QueuedMessage, SubscriptionOptions } from '@mithqtt/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

function message(topic: string, payload: string | Buffer, origin?: string): Message {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return { topic, payload: bytes, qos: 2, retain: false, origin };
}

function queued(topic: string, payload: string | Buffer, qos: 0 | 1 | 2 = 1): QueuedMessage {
  return { message: message(topic, payload, 'publisher-1'), qos, retain: false };
}

function inflight(packetId: number, payload: string): InflightEntry {
  return { packetId, ...queued('t/in', payload), phase: 'publish' };
}

function options(
  qos: 0 | 1 | 2,
  noLocal: boolean,
  retainAsPublished: boolean,
  retainHandling: 0 | 1 | 2,
): SubscriptionOptions {
  return { qos, noLocal, retainAsPublished, retainHandling };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every SessionStore adapter must have (memory and Redis): run it from each
 * adapter's spec with a factory returning a fresh, empty store.
 */
export function describeSessionStoreContract(
  name: string,
  factory: () => Promise<SessionStore> | SessionStore,
): void {
  describe(`SessionStore contract: ${name}`, () => {
    let store: SessionStore;
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await store.flush();
    });

    it('has no session for an unknown client id', async () => {
      expect(await store.ownerOf('nobody')).toBeUndefined();
      expect(await store.load('nobody')).toBeUndefined();
    });

    it('records the node that opened a session, and the latest one', async () => {
      store.open('c', 'node-a');
      expect(await store.ownerOf('c')).toBe('node-a');
      store.open('c', 'node-b');
      expect(await store.ownerOf('c')).toBe('node-b');
      expect((await store.load('c'))?.node).toBe('node-b');
    });

    it('keeps subscriptions with their options; removal and replacement apply', async () => {
      store.open('c', 'n');
      store.setSubscription('c', 'a/+', options(1, true, false, 2));
      store.setSubscription('c', 'b/#', options(0, false, true, 0));
      store.setSubscription('c', 'x', options(2, false, false, 0));
      store.removeSubscription('c', 'x');
      store.setSubscription('c', 'b/#', options(2, false, true, 1));
      const s = await store.load('c');
      expect(Object.fromEntries(s?.subscriptions ?? [])).toEqual({
        'a/+': { qos: 1, noLocal: true, retainAsPublished: false, retainHandling: 2 },
        'b/#': { qos: 2, noLocal: false, retainAsPublished: true, retainHandling: 1 },
      });
    });

    it('[MQTT-4.6.0-1] keeps the queue in order with payload bytes, QoS, retain and origin exactly', async () => {
      store.open('c', 'n');
      const journal = store.observe('c');
      const binary = Buffer.from([0, 255, 1, 0, 128]);
      journal.queued(queued('q/1', 'one'), 1);
      journal.queued(queued('q/2', binary, 2), 2);
      journal.queued({ message: message('q/3', ''), qos: 0, retain: true }, 3);
      journal.dequeued(); // 'one' left the queue
      const s = await store.load('c');
      expect(s?.queue.map((q) => [q.message.topic, q.qos, q.retain])).toEqual([
        ['q/2', 2, false],
        ['q/3', 0, true],
      ]);
      expect(s?.queue[0]?.message.payload.equals(binary)).toBe(true);
      expect(s?.queue[0]?.message.origin).toBe('publisher-1');
      expect(s?.queue[1]?.message.payload.length).toBe(0);
    });

    it('a message queued and taken in flight at once is stored once, in flight', async () => {
      store.open('c', 'n');
      const journal = store.observe('c');
      const entry = queued('t/x', 'x');
      journal.queued(entry, 1);
      journal.dequeued();
      journal.inflightAdded({ packetId: 7, ...entry, phase: 'publish' });
      const s = await store.load('c');
      expect(s?.queue).toEqual([]);
      expect(s?.inflight.map((e) => e.packetId)).toEqual([7]);
    });

    it('a pop in a later turn removes what an earlier turn pushed', async () => {
      store.open('c', 'n');
      const journal = store.observe('c');
      journal.queued(queued('t/1', '1'), 1);
      await store.flush();
      journal.queued(queued('t/2', '2'), 2);
      journal.dequeued();
      journal.dequeued();
      journal.queued(queued('t/3', '3'), 1);
      expect((await store.load('c'))?.queue.map((q) => q.message.topic)).toEqual(['t/3']);
    });

    it('[MQTT-4.4.0-1] keeps in-flight messages in send order, with the PUBREL phase, until completed', async () => {
      store.open('c', 'n');
      const journal = store.observe('c');
      journal.inflightAdded(inflight(9, 'first'));
      journal.inflightAdded(inflight(3, 'second'));
      journal.inflightAdded(inflight(5, 'third'));
      journal.inflightReleased(3);
      journal.inflightRemoved(9);
      const s = await store.load('c');
      expect(s?.inflight.map((e) => [e.packetId, e.phase, e.message.payload.toString()])).toEqual([
        [3, 'pubrel', 'second'],
        [5, 'publish', 'third'],
      ]);
    });

    it('[MQTT-4.3.3-2] keeps the inbound QoS 2 ids awaiting PUBREL', async () => {
      store.open('c', 'n');
      const journal = store.observe('c');
      journal.releaseAwaited(1);
      journal.releaseAwaited(2);
      journal.released(1);
      expect((await store.load('c'))?.awaitingRelease).toEqual([2]);
    });

    it('an offline session expires after its TTL, writes while offline included', async () => {
      store.open('c', 'n');
      store.setSubscription('c', 'a', options(1, false, false, 0));
      store.expire('c', 300);
      store.observe('c').queued(queued('a', 'while offline'), 1);
      await store.flush();
      expect((await store.load('c'))?.queue).toHaveLength(1);
      await sleep(500);
      expect(await store.ownerOf('c')).toBeUndefined();
      expect(await store.load('c')).toBeUndefined();
    });

    it('opening again before the TTL keeps the session', async () => {
      store.open('c', 'n');
      store.expire('c', 200);
      store.open('c', 'n2');
      await sleep(350);
      expect(await store.ownerOf('c')).toBe('n2');
    });

    it('delete removes the whole session, including writes of the same turn', async () => {
      store.open('c', 'n');
      const journal = store.observe('c');
      journal.queued(queued('t', 'x'), 1);
      journal.inflightAdded(inflight(1, 'y'));
      store.delete('c');
      expect(await store.load('c')).toBeUndefined();
      expect(await store.ownerOf('c')).toBeUndefined();
    });

    it('lists the sessions a node opened; a claim moves one only from its current owner', async () => {
      store.open('x1', 'dead');
      store.open('x2', 'dead');
      store.open('x3', 'alive');
      await store.flush();
      expect((await store.sessionsOf('dead')).sort()).toEqual(['x1', 'x2']);
      expect(await store.claim('x1', 'dead', 'me')).toBe(true);
      expect(await store.claim('x1', 'dead', 'other')).toBe(false);
      expect(await store.claim('x3', 'dead', 'me')).toBe(false);
      expect(await store.ownerOf('x1')).toBe('me');
      expect(await store.ownerOf('x3')).toBe('alive');
      expect(await store.sessionsOf('me')).toEqual(['x1']);
      expect(await store.claim('nobody', 'dead', 'me')).toBe(false);
    });

    it('keeps the last checkpoint per node, and when the session was opened (a claim keeps it)', async () => {
      const before = Date.now();
      store.open('c', 'n');
      store.checkpoint('c', 'node-a', '1700000000000-1');
      store.checkpoint('c', 'node-a', '1700000000000-2');
      store.checkpoint('c', 'node-b', '1700000000005-0');
      let s = await store.load('c');
      expect(Object.fromEntries(s?.checkpoints ?? [])).toEqual({
        'node-a': '1700000000000-2',
        'node-b': '1700000000005-0',
      });
      expect(s?.since).toBeGreaterThanOrEqual(before);
      const opened = s?.since;
      await sleep(5);
      expect(await store.claim('c', 'n', 'm')).toBe(true);
      s = await store.load('c');
      expect(s?.since).toBe(opened);
      store.delete('c');
      store.open('c', 'n');
      expect((await store.load('c'))?.checkpoints?.size).toBe(0);
    });

    it('a checkpoint is stored with (not before) the journal writes of its turn', async () => {
      store.open('c', 'n');
      const journal = store.observe('c');
      journal.queued(queued('t/1', '1'), 1);
      store.checkpoint('c', 'node-a', '5-0');
      journal.queued(queued('t/2', '2'), 2);
      store.checkpoint('c', 'node-a', '6-0');
      const s = await store.load('c');
      expect(s?.queue.map((q) => q.message.topic)).toEqual(['t/1', 't/2']);
      expect(s?.checkpoints?.get('node-a')).toBe('6-0');
    });

    it('sessions are independent, client ids with braces included', async () => {
      store.open('a{1}', 'n');
      store.open('a', 'n');
      store.observe('a{1}').queued(queued('t', 'mine'), 1);
      store.delete('a');
      expect((await store.load('a{1}'))?.queue.map((q) => q.message.payload.toString())).toEqual([
        'mine',
      ]);
    });
  });
}
