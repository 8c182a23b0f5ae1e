import type { KnownNode } from '@mithqtt/nats';
import type { NodeView } from './views';

/** Another node as its heartbeats describe it (`self: false`: it did not answer this request). */
export function knownNodeView(n: KnownNode): NodeView {
  return {
    nodeId: n.nodeId,
    self: false,
    connections: n.connections,
    sessions: n.sessions,
    subscriptions: n.subscriptions,
    startedAt: new Date(n.startedAt).toISOString(),
    lastSeen: new Date(n.lastSeen).toISOString(),
  };
}
