import { connect } from '@nats-io/transport-node';
import { NatsCluster, type NatsClusterOptions } from './nats-cluster';

/**
 * Connects to the cluster's NATS servers (comma-separated URLs) and returns the bridge. The
 * client reconnects forever: a NATS outage pauses cross-node routing, it does not stop the node.
 */
export async function connectCluster(
  urls: string,
  options: NatsClusterOptions,
): Promise<NatsCluster> {
  const nc = await connect({
    servers: urls.split(','),
    name: options.nodeId,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // The node's own messages were delivered locally already: the server need not send them
    // back (they were dropped on arrival by origin, after costing a parse each).
    noEcho: true,
  });
  return new NatsCluster(nc, options);
}
