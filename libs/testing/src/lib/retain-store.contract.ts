import type { RetainStore } from '@mithqtt/broker';
import type { Message } from '@mithqtt/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

function msg(topic: string, payload = topic, qos: 0 | 1 | 2 = 1): Message {
  return { topic, payload: Buffer.from(payload), qos, retain: true };
}

function topics(messages: Message[]): string[] {
  return messages.map((m) => m.topic).sort();
}

/**
 * The behaviour every RetainStore adapter must have (memory now, Redis in the distributed
 * mode): run it from each adapter's spec with a factory that returns a fresh, empty store.
 */
export function describeRetainStoreContract(
  name: string,
  factory: () => Promise<RetainStore> | RetainStore,
  teardown?: (store: RetainStore) => Promise<void> | void,
): void {
  describe(`RetainStore contract: ${name}`, () => {
    let store: RetainStore;
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await teardown?.(store);
    });

    it('[MQTT-3.3.1-5] keeps one message per topic, last write wins', async () => {
      await store.set(msg('a/b', 'one'));
      await store.set(msg('a/b', 'two'));
      expect((await store.get('a/b'))?.payload.toString()).toBe('two');
      expect(await store.count()).toBe(1);
    });

    it('keeps QoS and payload bytes exactly', async () => {
      const payload = Buffer.from([0, 1, 2, 255, 0]);
      await store.set({ topic: 'bin', payload, qos: 2, retain: true });
      const got = await store.get('bin');
      expect(got?.qos).toBe(2);
      expect(got?.payload.equals(payload)).toBe(true);
    });

    it('does not alias the caller buffer', async () => {
      const payload = Buffer.from('abc');
      await store.set({ topic: 't', payload, qos: 0, retain: true });
      payload.write('xyz');
      expect((await store.get('t'))?.payload.toString()).toBe('abc');
    });

    it('[MQTT-3.3.1-10] delete removes and reports whether it existed', async () => {
      await store.set(msg('x'));
      expect(await store.delete('x')).toBe(true);
      expect(await store.delete('x')).toBe(false);
      expect(await store.get('x')).toBeUndefined();
      expect(await store.count()).toBe(0);
    });

    it('matches exact, + and # filters, # including the parent level', async () => {
      for (const t of ['a', 'a/b', 'a/b/c', 'a/c', 'b/b']) await store.set(msg(t));
      expect(topics(await store.match('a/b'))).toEqual(['a/b']);
      expect(topics(await store.match('a/+'))).toEqual(['a/b', 'a/c']);
      expect(topics(await store.match('+/b'))).toEqual(['a/b', 'b/b']);
      expect(topics(await store.match('a/#'))).toEqual(['a', 'a/b', 'a/b/c', 'a/c']);
      expect(topics(await store.match('#'))).toEqual(['a', 'a/b', 'a/b/c', 'a/c', 'b/b']);
      expect(topics(await store.match('nothing/#'))).toEqual([]);
    });

    it('treats empty levels as levels', async () => {
      for (const t of ['/a', 'a//b', 'a/']) await store.set(msg(t));
      expect(topics(await store.match('+/a'))).toEqual(['/a']);
      expect(topics(await store.match('a/+/b'))).toEqual(['a//b']);
      expect(topics(await store.match('a/+'))).toEqual(['a/']);
    });

    it('[MQTT-4.7.2-1] wildcards in the first level do not match $ topics', async () => {
      await store.set(msg('$SYS/uptime'));
      await store.set(msg('plain/x'));
      expect(topics(await store.match('#'))).toEqual(['plain/x']);
      expect(topics(await store.match('+/uptime'))).toEqual([]);
      expect(topics(await store.match('$SYS/#'))).toEqual(['$SYS/uptime']);
      expect(topics(await store.match('$SYS/+'))).toEqual(['$SYS/uptime']);
    });

    it('forgets deleted topics in wildcard matches', async () => {
      await store.set(msg('d/1'));
      await store.set(msg('d/2'));
      await store.delete('d/1');
      expect(topics(await store.match('d/#'))).toEqual(['d/2']);
    });
  });
}
