import { IsBoolean } from 'class-validator';
import type { JsonContract } from '../rpc/contract';
import { IsTopicName } from '../rpc/topic-rules';

export class RetainDeleteRequest {
  @IsTopicName() topic!: string;
}

export class RetainDeleteReply {
  /** Whether the topic had a retained message. */
  @IsBoolean() deleted!: boolean;
}

/**
 * `mqtt.retain.v1.delete`: remove a topic's retained message [MQTT-3.3.1-10/11]. JSON both
 * ways. Errors: BAD_REQUEST (`topic`), UNAVAILABLE. Idempotent in effect; a retry after a
 * timeout may report `deleted: false` for a deletion the first attempt made.
 */
export const RETAIN_DELETE: JsonContract<RetainDeleteRequest, RetainDeleteReply> = {
  subject: 'mqtt.retain.v1.delete',
  request: RetainDeleteRequest,
  reply: RetainDeleteReply,
  idempotent: true,
};
