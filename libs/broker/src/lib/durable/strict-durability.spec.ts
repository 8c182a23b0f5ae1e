import type { Message } from '@mithqtt/protocol';
import { defaultChannelConfig } from '@mithqtt/protocol';
import { describe, expect, it } from 'vitest';
import { Broker } from '../broker';
import { AllowAllAuth } from '../memory/allow-all';
import { MemoryDurableLog } from '../memory/memory-durable-log';
import { MemoryRetainStore } from '../memory/memory-retain.store';
import { MemorySessionStore } from '../memory/memory-session.store';
import type { ClusterPort } from '../ports/cluster.port';
import type { DurableLog, LoggedMessage } from '../ports/durable-log.port';
import type { SessionStore } from '../ports/session.port';
import { Client } from '../test-client';

/** A broker node with strict durability over shared logs and a shared session store. */
function node(id: string, store: SessionStore, log: DurableLog, cluster?: ClusterPort) {
  const auth = new AllowAllAuth();
  const broker = new Broker({
    sessionStore: store,
    nodeId: id,
    durableLog: log,
    cluster,
    auth,
    authorizer: auth,
    retain: new MemoryRetainStore(),
    channel: { ...defaultChannelConfig, queue: { maxQueued: 100, dropPolicy: 'drop-new' } },
    sessionExpiryMs: 60_000,
    authTimeoutMs: 1000,
  });
  return { broker, client: () => new Client(broker, Date.now) };
}

const message = (topic: string, payload: string, qos: 0 | 1 | 2 = 1): Message => ({
  topic,
  payload: Buffer.from(payload),
  qos,
  retain: false,
});

/** Node `a` of a fresh cluster (shared logs and store) with persistent session `dev` on it. */
async function clusterWithDevOnA(...filters: [string, 0 | 1 | 2][]) {
  const logs = new Map<string, LoggedMessage[]>();
  const store = new MemorySessionStore();
  const aLog = new MemoryDurableLog('a', logs);
  const a = node('a', store, aLog);
  const dev = a.client();
  await dev.open('dev', false);
  for (const [filter, qos] of filters) dev.sub(filter, qos);
  return { logs, store, aLog, a, dev };
}

async function queueOf(store: SessionStore, clientId: string): Promise<string[]> {
  return ((await store.load(clientId))?.queue ?? []).map((q) => q.message.payload.toString());
}

/** A log whose appends settle only when the test says so. */
class GatedLog extends MemoryDurableLog {
  private gates: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  override append(m: Message): { readonly id: string; readonly stored: Promise<void> } {
    const { id } = super.append(m);
    const stored = new Promise<void>((resolve, reject) => this.gates.push({ resolve, reject }));
    return { id, stored };
  }
  open(): void {
    for (const g of this.gates.splice(0)) g.resolve();
  }
  fail(): void {
    for (const g of this.gates.splice(0)) g.reject(new Error('redis down'));
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('strict durability (DURABILITY=strict)', () => {
  it('[MQTT-4.6.0-6] delivers here at once, hands to NATS only once logged (QoS 0 behind QoS 1, in order); the PUBACK waits', async () => {
    const log = new GatedLog('a');
    const toNats: string[] = [];
    const cluster = {
      publish: (m: Message) => toNats.push(`${m.topic}:${m.logId ?? '-'}`),
      flush: () => Promise.resolve(),
      interestAdded: () => Promise.resolve(),
      interestRemoved: () => undefined,
      clientConnected: () => undefined,
      clientDisconnected: () => undefined,
      subscriptionChanged: () => undefined,
      releaseSession: () => Promise.resolve(false),
      flowPause: () => undefined,
      flowResume: () => undefined,
    };
    const a = node('a', new MemorySessionStore(), log, cluster);
    const sub = a.client();
    await sub.open('sub');
    sub.sub('t/#', 1);
    const acked = a.broker.publish(message('t/1', 'one', 1));
    expect(a.broker.publish(message('t/2', 'two', 0))).toBeUndefined();
    let done = false;
    void acked?.then(() => (done = true));
    await turn();
    expect(sub.received()).toEqual(['t/1:one:q1', 't/2:two:q0']);
    expect(toNats).toEqual([]);
    expect(done).toBe(false);
    log.open();
    await turn();
    expect(toNats).toEqual([expect.stringMatching(/^t\/1:\d+-\d+$/), 't/2:-']);
    expect(done).toBe(true);
  });

  it('a failed log write: the PUBACK is withheld (rejected), the message still routed, counted', async () => {
    const log = new GatedLog('a');
    const a = node('a', new MemorySessionStore(), log);
    const sub = a.client();
    await sub.open('sub');
    sub.sub('t', 1);
    const acked = a.broker.publish(message('t', 'x', 1));
    log.fail();
    await expect(acked).rejects.toThrow(/durable log/);
    expect(sub.received()).toEqual(['t:x:q1']);
    expect(a.broker.stats.durableLogFailures).toBe(1);
  });

  it('adoption replays what the dead node logged but never journaled, in order, once; live messages wait for it', async () => {
    const { logs, store, aLog, a, dev } = await clusterWithDevOnA(['r/#', 1]);
    dev.channel.onClosed('socket-closed'); // offline: messages are queued (and journaled)
    for (const n of ['1', '2', '3']) await a.broker.publish(message(`r/${n}`, n));
    expect(await queueOf(store, 'dev')).toEqual(['1', '2', '3']);
    // Node a logs 4 and 5 (acknowledged to their publisher) and dies before routing them.
    const lost4 = aLog.append(message('r/4', '4')).id;
    const lost5 = aLog.append(message('r/5', '5')).id;
    const live6 = aLog.append(message('r/6', '6')).id;
    const b = node('b', store, new MemoryDurableLog('b', logs));
    const stored = await store.load('dev');
    expect(stored && b.broker.adopt(stored, 'a')).toBe(true);
    // While adoption runs: a live copy of 5 (NATS redelivery) and the next message, 6.
    b.broker.routeFromCluster({ ...message('r/5', '5'), logId: lost5, node: 'a' }, 'a');
    b.broker.routeFromCluster({ ...message('r/6', '6'), logId: live6, node: 'a' }, 'a');
    expect(await queueOf(store, 'dev')).toEqual(['1', '2', '3']); // held
    await b.broker.finishAdoption();
    expect(await queueOf(store, 'dev')).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(b.broker.stats.replayed).toBe(3); // 4, 5, 6 from the log; the live 5 and 6 skipped
    expect(b.broker.stats.replayDuplicatesSkipped).toBe(2);
    expect((await store.load('dev'))?.checkpoints?.get('a')).toBe(live6);
    expect(lost4 < lost5).toBe(true);
    // Published before the session's subscription existed on any node: not replayed.
    const c = node('c', store, new MemoryDurableLog('c', logs));
    const other = c.client();
    await other.open('late', false);
    other.sub('r/#', 1);
    other.channel.onClosed('socket-closed');
    expect(await queueOf(store, 'late')).toEqual([]);
  });

  it('a CONNECT whose session owner died: the replay runs before the CONNACK; QoS 0 subscriptions get nothing replayed', async () => {
    const { logs, store, aLog } = await clusterWithDevOnA(['q1/#', 1], ['q0/#', 0]);
    aLog.append(message('q1/x', 'missed'));
    aLog.append(message('q0/x', 'at-most-once'));
    const b = node('b', store, new MemoryDurableLog('b', logs));
    const back = b.client();
    expect(await back.open('dev', false)).toMatchObject({ ok: true, sessionPresent: true });
    expect(back.received()).toEqual(['q1/x:missed:q1']);
    // Already taken: a second resume elsewhere replays nothing again.
    back.channel.onClosed('socket-closed');
    await store.flush();
    const c = node('c', store, new MemoryDurableLog('c', logs));
    const again = c.client();
    await again.open('dev', false);
    expect(again.received()).toEqual(['q1/x:missed:q1']); // the queued copy, not a replay
    expect(c.broker.stats.replayed).toBe(0);
  });

  it("a dead node's checkpoint bounds the replay: what it had routed before it is not read again", async () => {
    const { logs, store, a, dev } = await clusterWithDevOnA(['r/#', 1]);
    dev.channel.onClosed('socket-closed');
    const cLog = new MemoryDurableLog('c', logs);
    // Node c logged y (for dev) and z (for nobody here); a received z over NATS, so by its
    // checkpoint it had also had everything of c's before z that it should have had.
    cLog.append(message('r/y', 'y'));
    const z = cLog.append(message('other/z', 'z')).id;
    a.broker.routeFromCluster({ ...message('other/z', 'z'), logId: z, node: 'c' }, 'c');
    await new Promise((resolve) => setTimeout(resolve, 700)); // a records its checkpoint
    cLog.append(message('r/w', 'w')); // after the checkpoint: a never got it
    const b = node('b', store, new MemoryDurableLog('b', logs));
    // As the adoption service does: claim first, so the store names b as the owner.
    expect(await store.claim('dev', 'a', 'b')).toBe(true);
    const stored = await store.load('dev');
    expect(stored && b.broker.adopt(stored, 'a')).toBe(true);
    await b.broker.finishAdoption();
    expect(await queueOf(store, 'dev')).toEqual(['w']);
    for (const n of [a, b]) n.broker.close();
  });
});
