import type { BinaryContract } from '../rpc/contract';
import { IsTopicName } from '../rpc/topic-rules';

/**
 * `mqtt.retain.v1.get`: the retained message of one topic. Request: JSON RetainGetRequest.
 * Reply: body = the payload bytes, headers `topic` and `qos` (RetainedMessageMeta). Errors:
 * NOT_FOUND (no retained message on the topic), BAD_REQUEST (`topic`), UNAVAILABLE.
 */
export const RETAIN_GET: BinaryContract = { subject: 'mqtt.retain.v1.get', idempotent: true };

export class RetainGetRequest {
  @IsTopicName() topic!: string;
}
