/**
 * Plain counters on the broker's hot path (a property increment each); the metrics endpoint
 * reads them on scrape instead of the hot path calling a metrics library per message.
 */
export class BrokerStats {
  connects = 0;
  takeovers = 0;
  authFailures = 0;
  messagesIn = 0;
  messagesOut = 0;
  /** Messages received from other nodes. */
  messagesFromCluster = 0;
  /** Messages dropped because an offline queue was full. */
  dropped = 0;
  /** Times a local publisher was paused by flow control (a subscriber's queue at half its bound). */
  publisherPauses = 0;
  publishDenied = 0;
  subscribeDenied = 0;
  sessionsExpired = 0;
  /** Persistent sessions taken over from a node that died. */
  sessionsAdopted = 0;
  /** Strict durability: messages delivered from a durable log by a replay. */
  replayed = 0;
  /** Strict durability: deliveries skipped because the session had already taken them. */
  replayDuplicatesSkipped = 0;
  /** Strict durability: appends to the durable log that failed (their PUBACK was withheld). */
  durableLogFailures = 0;
}
