import { SESSION_DELETE } from './session-delete';
import { SESSION_GET } from './session-get';
import { SESSION_KICK } from './session-kick';
import { SESSION_SUBSCRIBE } from './session-subscribe';
import { SESSION_UNSUBSCRIBE } from './session-unsubscribe';

/** The session service's verbs, each with its contract. */
export const SESSION_CONTRACTS = {
  get: SESSION_GET,
  kick: SESSION_KICK,
  delete: SESSION_DELETE,
  subscribe: SESSION_SUBSCRIBE,
  unsubscribe: SESSION_UNSUBSCRIBE,
} as const;
export type SessionVerb = keyof typeof SESSION_CONTRACTS;
export const SESSION_VERBS = Object.keys(SESSION_CONTRACTS) as SessionVerb[];

/** A node id is one NATS subject token (BrokerConfig.NODE_ID has the same rule). */
const NODE_ID = /^[A-Za-z0-9_-]+$/;

/** `mqtt.node.v1.<nodeId>.session.<verb>` (see nodeSessionContract). */
export function nodeSessionSubject(nodeId: string, verb: SessionVerb): string {
  if (!NODE_ID.test(nodeId)) {
    throw new Error('nodeId must be letters, digits, _ or - (it is a NATS subject token)');
  }
  return `mqtt.node.v1.${nodeId}.session.${verb}`;
}

/**
 * The node-addressed twin of a session verb: the same request and reply DTOs, sent to one
 * gateway node, which applies it to the session it holds in memory. The node answers
 * NOT_FOUND when it does not hold that client's session (the session service then looks
 * elsewhere). Called by the session service; other services should call `mqtt.session.v1.*`,
 * which finds the node for them.
 */
export function nodeSessionContract<V extends SessionVerb>(
  nodeId: string,
  verb: V,
): (typeof SESSION_CONTRACTS)[V] {
  return { ...SESSION_CONTRACTS[verb], subject: nodeSessionSubject(nodeId, verb) };
}
