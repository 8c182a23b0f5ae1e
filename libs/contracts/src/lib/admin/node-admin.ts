import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { JsonContract } from '../rpc/contract';
import { NodeClientPage, NodeSessionPage, NodeStatsReply } from './node-admin-views';

/** Keyset paging over a node's list, ordered by client id (code-unit order). */
class NodePageRequest {
  @IsInt() @Min(1) @Max(1000) limit!: number;
  /** Exclusive cursor: only client ids after it. */
  @IsOptional() @IsString() @MaxLength(65535) after?: string;
  @IsOptional() @IsString() @MaxLength(65535) clientIdPrefix?: string;
}

export class NodeClientsRequest extends NodePageRequest {
  @IsOptional() @IsString() username?: string;
}

export class NodeSessionsRequest extends NodePageRequest {
  @IsOptional() @IsBoolean() online?: boolean;
}

/** `{}`: the node reports on itself. */
export class NodeStatsRequest {}

/** The node's connected clients (one page). Subject: see nodeAdminContract. */
const NODE_CLIENTS: JsonContract<NodeClientsRequest, NodeClientPage> = {
  subject: 'clients',
  request: NodeClientsRequest,
  reply: NodeClientPage,
  idempotent: true,
};
/** The sessions the node holds in memory, online or offline (one page). */
const NODE_SESSIONS: JsonContract<NodeSessionsRequest, NodeSessionPage> = {
  subject: 'sessions',
  request: NodeSessionsRequest,
  reply: NodeSessionPage,
  idempotent: true,
};
/** The node's counters (retainedMessages: the shared retained store's count). */
const NODE_STATS: JsonContract<NodeStatsRequest, NodeStatsReply> = {
  subject: 'stats',
  request: NodeStatsRequest,
  reply: NodeStatsReply,
  idempotent: true,
};

/** The node-addressed admin reads, each with its contract (subject set per node). */
export const NODE_ADMIN_CONTRACTS = {
  clients: NODE_CLIENTS,
  sessions: NODE_SESSIONS,
  stats: NODE_STATS,
} as const;
export type NodeAdminVerb = keyof typeof NODE_ADMIN_CONTRACTS;

const NODE_ID = /^[A-Za-z0-9_-]+$/;

/**
 * `mqtt.node.v1.<nodeId>.admin.<verb>`: a read of one gateway's own state, for a cluster-wide
 * view assembled by the caller (the HTTP API app asks every live node and merges the pages).
 * Errors: BAD_REQUEST (a field of the filter), TIMEOUT/UNAVAILABLE (the node is gone). Reads:
 * idempotent.
 */
export function nodeAdminContract<V extends NodeAdminVerb>(
  nodeId: string,
  verb: V,
): (typeof NODE_ADMIN_CONTRACTS)[V] {
  if (!NODE_ID.test(nodeId)) {
    throw new Error('nodeId must be letters, digits, _ or - (it is a NATS subject token)');
  }
  return { ...NODE_ADMIN_CONTRACTS[verb], subject: `mqtt.node.v1.${nodeId}.admin.${verb}` };
}
