import { IsIn } from 'class-validator';
import { IsTopicName } from '../rpc/topic-rules';
import {
  type HeaderReader,
  META_HEADER,
  decodeTopicHeader,
  encodeTopicHeader,
  parseQosHeader,
} from '../rpc/headers';
import { type Validated, validateDto } from '../rpc/validate-dto';

export type Qos = 0 | 1 | 2;

/**
 * Metadata of a retained message carried in NATS headers beside its raw payload (the body):
 * `topic` (or `topic-pct`, see headers.ts) and `qos` (`0`, `1` or `2`).
 */
export class RetainedMessageMeta {
  @IsTopicName() topic!: string;
  @IsIn([0, 1, 2], { message: 'qos must be 0, 1 or 2' }) qos!: Qos;
}

/** Reads and validates the metadata headers of a retained-message request or reply. */
export function readRetainedMessageMeta(get: HeaderReader): Validated<RetainedMessageMeta> {
  return validateDto(RetainedMessageMeta, {
    topic: decodeTopicHeader(get),
    qos: parseQosHeader(get(META_HEADER.qos)),
  });
}

/** The headers (name -> value) that carry a retained message's metadata. */
export function retainedMessageHeaders(meta: { topic: string; qos: Qos }): [string, string][] {
  const topic = encodeTopicHeaderPair(meta.topic);
  return [topic, [META_HEADER.qos, String(meta.qos)]];
}

function encodeTopicHeaderPair(topic: string): [string, string] {
  const { name, value } = encodeTopicHeader(topic);
  return [name, value];
}
