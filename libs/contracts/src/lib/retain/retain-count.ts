import { IsInt, Min } from 'class-validator';
import type { JsonContract } from '../rpc/contract';

/** No fields: the body is `{}` (an empty body is taken as `{}`). */
export class RetainCountRequest {}

export class RetainCountReply {
  @IsInt() @Min(0) count!: number;
}

/** `mqtt.retain.v1.count`: how many retained messages are stored. Errors: UNAVAILABLE. */
export const RETAIN_COUNT: JsonContract<RetainCountRequest, RetainCountReply> = {
  subject: 'mqtt.retain.v1.count',
  request: RetainCountRequest,
  reply: RetainCountReply,
  idempotent: true,
};
