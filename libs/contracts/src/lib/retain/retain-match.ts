import type { BinaryContract } from '../rpc/contract';
import { IsTopicFilter } from '../rpc/topic-rules';

/**
 * `mqtt.retain.v1.match`: every retained message whose topic matches a filter, with the `$`
 * rule [MQTT-4.7.2-1]. Request: JSON RetainMatchRequest. Reply: one or more messages to the
 * reply subject, in order: zero or more data messages whose bodies are match frames (see
 * match-frames.ts), then an end message with an empty body and header `count` = the number of
 * records in all data messages (a caller that counts fewer lost a message and fails). Several
 * messages because the answer may exceed the NATS max_payload. Errors (a single message):
 * BAD_REQUEST (`filter`; shared filters are refused), UNAVAILABLE.
 */
export const RETAIN_MATCH: BinaryContract = { subject: 'mqtt.retain.v1.match', idempotent: true };

export class RetainMatchRequest {
  @IsTopicFilter() filter!: string;
}
