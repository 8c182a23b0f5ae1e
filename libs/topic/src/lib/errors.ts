/**
 * Why a topic name, topic filter or NATS subject was rejected. Stable codes: callers map them to
 * reason codes at the protocol edge and tests assert on them (never on message text).
 */
export type TopicErrorCode =
  /** Zero-length topic name or filter [MQTT-4.7.3-1]. */
  | 'EMPTY'
  /** More than 65535 bytes once encoded as UTF-8 [MQTT-4.7.3-3]. */
  | 'TOO_LONG'
  /** '+' or '#' in a topic name [MQTT-4.7.1-1]. */
  | 'WILDCARD_IN_TOPIC_NAME'
  /** '#' not alone in the last level [MQTT-4.7.1-2], or '+' not alone in its level [MQTT-4.7.1-3]. */
  | 'INVALID_WILDCARD_POSITION'
  /** U+0000 in a topic name or filter [MQTT-4.7.3-2]. */
  | 'NULL_CHARACTER'
  /** Share name of `$share/{name}/...` empty or containing '+', '#' [MQTT-4.8.2-1], [MQTT-4.8.2-2]. */
  | 'INVALID_SHARE_NAME'
  /** `$share/{name}` without a (non-empty) topic filter after the share name (MQTT 5 4.8.2). */
  | 'INVALID_SHARED_FILTER'
  /** `$share/...` filter while shared subscriptions are disabled (`allowShared: false`). */
  | 'SHARED_NOT_ALLOWED'
  /**
   * A lone UTF-16 surrogate: the string cannot be encoded as well-formed UTF-8, which MQTT requires
   * of every UTF-8 Encoded String [MQTT-1.5.4-1] (3.1.1: [MQTT-1.5.3-1]).
   */
  | 'LONE_SURROGATE'
  /** A NATS subject that `topicToSubject` cannot have produced (see `subjectToTopic`). */
  | 'INVALID_SUBJECT';

/** Thrown where a function cannot return a code (e.g. `SubscriptionIndex.add`, `subjectToTopic`). */
export class TopicError extends Error {
  override readonly name = 'TopicError';

  constructor(
    readonly code: TopicErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
