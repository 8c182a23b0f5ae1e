import { Equals } from 'class-validator';
import type { BinaryContract } from '../rpc/contract';

/**
 * `mqtt.retain.v1.set`: store a retained message, replacing the topic's previous one
 * [MQTT-3.3.1-5]. Request: body = the payload bytes (non-empty: an empty retained payload means
 * delete [MQTT-3.3.1-10], use `mqtt.retain.v1.delete`), headers `topic` and `qos`
 * (RetainedMessageMeta). Reply: JSON `{"stored":true}`. Errors: BAD_REQUEST (field `topic`,
 * `qos` or `payload`), UNAVAILABLE. Idempotent (last write wins): retried after a timeout.
 */
export const RETAIN_SET: BinaryContract = { subject: 'mqtt.retain.v1.set', idempotent: true };

export class RetainSetReply {
  @Equals(true) stored!: true;
}
