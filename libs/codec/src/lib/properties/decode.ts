/**
 * Reads an MQTT 5 property block (2.2.2): a Variable Byte Integer length, then
 * identifier/value pairs. Rules enforced here, all driven by properties/table.ts:
 * - an unknown identifier, or one the packet type may not carry, is a Malformed Packet (2.2.2.2);
 * - a property that may appear once appearing twice is a Protocol Error (e.g. 3.1.2.11.2);
 * - numeric values must be in range (Receive Maximum 0, Topic Alias 0, Subscription
 *   Identifier 0, a 0/1 flag of 2 ... are errors);
 * - strings follow the UTF-8 rules; a value may not cross the end of the block.
 */
import { MqttCodecError } from '../errors';
import type { Properties, UserProperty } from '../types';
import type { Reader } from '../wire/reader';
import { PROPERTY_BY_ID, PropType, WILL_CONTEXT, type PropertyContext } from './table';

type MutableProperties = Record<string, unknown>;

/**
 * Reads the block at the reader's position. Returns undefined for an empty block (the common
 * case: no object is allocated), else a {@link Properties} object in wire order.
 */
export function readProperties(
  r: Reader,
  context: PropertyContext,
  lengthField: string,
): Properties | undefined {
  const length = r.vbi(lengthField);
  if (length === 0) return undefined;
  const end = r.pos + length;
  if (end > r.end) throw new MqttCodecError('TRUNCATED', lengthField);
  // Bound the reader to the block so that no value can run into the fields after it.
  const outerEnd = r.end;
  r.end = end;
  const props: MutableProperties = {};
  const bit = 1 << context;
  const isWill = context === WILL_CONTEXT;
  const idField = isWill ? 'will.properties.identifier' : 'properties.identifier';
  while (r.pos < end) {
    const id = r.vbi(idField);
    const spec = PROPERTY_BY_ID[id];
    if (spec === undefined) throw new MqttCodecError('UNKNOWN_PROPERTY', idField, undefined, id);
    const field = isWill ? spec.willField : spec.field;
    if ((spec.allowedIn & bit) === 0) {
      throw new MqttCodecError('PROPERTY_NOT_ALLOWED', field, undefined, id);
    }
    let value: number | string | Buffer | UserProperty;
    switch (spec.type) {
      case PropType.Byte:
        value = r.u8(field);
        break;
      case PropType.TwoByte:
        value = r.u16(field);
        break;
      case PropType.FourByte:
        value = r.u32(field);
        break;
      case PropType.VarInt:
        value = r.vbi(field);
        break;
      case PropType.Utf8:
        value = r.utf8(field);
        break;
      case PropType.Binary:
        value = r.binary(field);
        break;
      case PropType.Utf8Pair:
        value = [r.utf8(field), r.utf8(field)];
        break;
    }
    if (typeof value === 'number' && (value < spec.min || value > spec.max)) {
      throw new MqttCodecError('INVALID_PROPERTY_VALUE', field, spec.rangeReason, value);
    }
    const existing = props[spec.name];
    if (spec.repeatableIn !== 0) {
      // Array-valued in the model (user properties, subscription identifiers).
      if (existing === undefined) props[spec.name] = [value];
      else if ((spec.repeatableIn & bit) !== 0) (existing as unknown[]).push(value);
      else throw new MqttCodecError('DUPLICATE_PROPERTY', field, undefined, id);
    } else {
      if (existing !== undefined)
        throw new MqttCodecError('DUPLICATE_PROPERTY', field, undefined, id);
      props[spec.name] = value;
    }
  }
  r.end = outerEnd;
  return props;
}
