import { encode } from '../lib/encode/encode';
import { MqttCodecError } from '../lib/errors';
import { MqttParser, type ParserOptions } from '../lib/parser';
import type { Packet, ProtocolVersion } from '../lib/types';

/** The bytes of an ASCII string. */
export const ascii = (s: string): number[] => [...Buffer.from(s)];

/** The MqttCodecError that `fn` throws; fails the test if it throws nothing or anything else. */
export function errorOf(fn: () => unknown): MqttCodecError {
  try {
    fn();
  } catch (e: unknown) {
    if (e instanceof MqttCodecError) return e;
    throw e;
  }
  throw new Error('expected a MqttCodecError, nothing was thrown');
}

/** The error a fresh parser throws for `bytes` pushed in one chunk. */
export function decodeError(bytes: readonly number[], options: ParserOptions = {}): MqttCodecError {
  return errorOf(() => new MqttParser(options).push(Buffer.from(bytes)));
}

/** The error the encoder throws for `packet`. */
export function encodeError(packet: Packet, version: ProtocolVersion): MqttCodecError {
  return errorOf(() => encode(packet, version));
}

/** `{code, field}` of an error: what the tables compare (never the message). */
export const codeAndField = (e: MqttCodecError): { code: string; field: string } => ({
  code: e.code,
  field: e.field,
});
