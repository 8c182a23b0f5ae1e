import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNats } from '@mithqtt/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MISSED_HEARTBEATS,
  NODE_HEARTBEAT_SUBJECT,
  NodeHeartbeatSender,
  NodeRegistry,
} from './node-heartbeat';

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('node heartbeats over a real nats-server', () => {
  let nats: Awaited<ReturnType<typeof startNats>>;
  let sender: NatsConnection;
  let receiver: NatsConnection;

  beforeAll(async () => {
    nats = await startNats();
    // As connectCluster connects: noEcho, so a node never hears itself.
    sender = await connect({ servers: nats.url, noEcho: true });
    receiver = await connect({ servers: nats.url, noEcho: true });
  });

  afterAll(async () => {
    await sender.close();
    await receiver.close();
    await nats.stop();
  });

  it('another node appears with its counts, follows them, and is dropped when it leaves', async () => {
    const registry = new NodeRegistry(receiver);
    registry.start();
    await receiver.flush();
    let connections = 3;
    const heartbeat = new NodeHeartbeatSender(sender, {
      nodeId: 'node-a',
      startedAt: 1000,
      intervalMs: 200,
      counts: () => ({ connections, sessions: 4, subscriptions: 5 }),
    });
    heartbeat.start();
    await until(() => registry.alive().length === 1);
    expect(registry.alive()[0]).toMatchObject({
      nodeId: 'node-a',
      connections: 3,
      sessions: 4,
      subscriptions: 5,
      startedAt: 1000,
    });
    connections = 7;
    await until(() => registry.alive()[0]?.connections === 7);
    heartbeat.stop();
    await until(() => registry.alive().length === 0, 200); // expiry alone would take 600 ms
    registry.stop();
  });

  it('the sender does not hear itself (noEcho): a node lists itself separately', async () => {
    const own = new NodeRegistry(sender);
    own.start();
    const heartbeat = new NodeHeartbeatSender(sender, {
      nodeId: 'node-self',
      startedAt: 0,
      intervalMs: 20,
      counts: () => ({ connections: 0, sessions: 0, subscriptions: 0 }),
    });
    heartbeat.start();
    await new Promise((r) => setTimeout(r, 100));
    heartbeat.stop();
    own.stop();
    expect(own.alive()).toEqual([]);
  });

  it('ignores invalid heartbeats and reports them', async () => {
    const problems: string[] = [];
    const registry = new NodeRegistry(receiver, {
      onError: (_context, e) => problems.push((e as Error).message),
    });
    registry.start();
    await receiver.flush();
    sender.publish(NODE_HEARTBEAT_SUBJECT, 'not json');
    sender.publish(NODE_HEARTBEAT_SUBJECT, JSON.stringify({ nodeId: 'a.b', connections: 1 }));
    await until(() => problems.length === 2);
    expect(problems[1]).toContain('nodeId');
    expect(registry.alive()).toEqual([]);
    registry.stop();
  });
});

describe('NodeRegistry expiry', () => {
  it(`drops a node silent for ${MISSED_HEARTBEATS} of its intervals, not before`, () => {
    let now = 10_000;
    const registry = new NodeRegistry({} as NatsConnection, { now: () => now });
    const beat = JSON.stringify({
      nodeId: 'b',
      connections: 1,
      sessions: 1,
      subscriptions: 0,
      startedAt: 0,
      intervalMs: 1000,
    });
    registry.receive(beat);
    now += MISSED_HEARTBEATS * 1000;
    expect(registry.alive().map((n) => n.nodeId)).toEqual(['b']);
    now += 1;
    expect(registry.alive()).toEqual([]);
  });
});
