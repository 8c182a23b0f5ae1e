import { binaryLength, stringLength } from './checks';
import { MqttCodecError } from '../errors';
import {
  PROPERTY_BY_NAME,
  type PropertyContext,
  PropType,
  type PropertySpec,
  WILL_CONTEXT,
} from '../properties/table';
import type { Properties, UserProperty } from '../types';
import { vbiSize, writeBinary, writeU16, writeU32, writeUtf8, writeVbi } from '../wire/writer';

/**
 * Length of a property block's content (without its own length prefix), validating every
 * value against the same table the decoder uses. 0 for undefined/empty properties.
 */
export function propertiesLength(props: Properties | undefined, context: PropertyContext): number {
  if (props === undefined) return 0;
  const bit = 1 << context;
  const isWill = context === WILL_CONTEXT;
  let total = 0;
  for (const key in props) {
    const value = (props as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const spec = PROPERTY_BY_NAME.get(key);
    if (!spec) {
      throw new MqttCodecError('UNKNOWN_PROPERTY', `${isWill ? 'will.' : ''}properties.${key}`);
    }
    // Same field names as the decoder: `properties.x`, or `will.properties.x` in a will.
    const field = isWill ? spec.willField : spec.field;
    if ((spec.allowedIn & bit) === 0)
      throw new MqttCodecError('PROPERTY_NOT_ALLOWED', field, undefined, spec.id);
    if (spec.repeatableIn !== 0) {
      if (!Array.isArray(value)) throw new MqttCodecError('VALUE_OUT_OF_RANGE', field);
      if (value.length > 1 && (spec.repeatableIn & bit) === 0) {
        throw new MqttCodecError('DUPLICATE_PROPERTY', field, undefined, spec.id);
      }
      for (const v of value as unknown[]) total += vbiSize(spec.id) + valueLength(spec, v, field);
    } else {
      total += vbiSize(spec.id) + valueLength(spec, value, field);
    }
  }
  return total;
}

/**
 * A numeric property value in the table's range; outside it is INVALID_PROPERTY_VALUE with the
 * rule's reason code, exactly as the decoder reports it (e.g. Topic Alias 0 -> 0x94).
 */
function checkRange(spec: PropertySpec, v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < spec.min || v > spec.max) {
    throw new MqttCodecError(
      'INVALID_PROPERTY_VALUE',
      field,
      spec.rangeReason,
      typeof v === 'number' ? v : undefined,
    );
  }
  return v;
}

function valueLength(spec: PropertySpec, v: unknown, field: string): number {
  switch (spec.type) {
    case PropType.Byte:
      checkRange(spec, v, field);
      return 1;
    case PropType.TwoByte:
      checkRange(spec, v, field);
      return 2;
    case PropType.FourByte:
      checkRange(spec, v, field);
      return 4;
    case PropType.VarInt:
      return vbiSize(checkRange(spec, v, field));
    case PropType.Utf8:
      return 2 + stringLength(v, field);
    case PropType.Binary:
      return 2 + binaryLength(v, field);
    case PropType.Utf8Pair: {
      const pair = v as UserProperty;
      if (!Array.isArray(pair) || pair.length !== 2)
        throw new MqttCodecError('VALUE_OUT_OF_RANGE', field);
      return 4 + stringLength(pair[0], field) + stringLength(pair[1], field);
    }
  }
}

/** Writes the length prefix and the block (content length from {@link propertiesLength}). */
export function writeProperties(
  buf: Buffer,
  off: number,
  props: Properties | undefined,
  length: number,
): number {
  off = writeVbi(buf, off, length);
  if (props === undefined || length === 0) return off;
  for (const key in props) {
    const value = (props as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const spec = PROPERTY_BY_NAME.get(key) as PropertySpec;
    if (spec.repeatableIn !== 0) {
      for (const v of value as unknown[])
        off = writeValue(buf, writeVbi(buf, off, spec.id), spec, v);
    } else {
      off = writeValue(buf, writeVbi(buf, off, spec.id), spec, value);
    }
  }
  return off;
}

function writeValue(buf: Buffer, off: number, spec: PropertySpec, v: unknown): number {
  switch (spec.type) {
    case PropType.Byte:
      buf[off] = v as number;
      return off + 1;
    case PropType.TwoByte:
      return writeU16(buf, off, v as number);
    case PropType.FourByte:
      return writeU32(buf, off, v as number);
    case PropType.VarInt:
      return writeVbi(buf, off, v as number);
    case PropType.Utf8:
      return writeUtf8(buf, off, v as string, stringLength(v, spec.field));
    case PropType.Binary:
      return writeBinary(buf, off, v as Buffer);
    case PropType.Utf8Pair: {
      const [name, value] = v as UserProperty;
      off = writeUtf8(buf, off, name, stringLength(name, spec.field));
      return writeUtf8(buf, off, value, stringLength(value, spec.field));
    }
  }
}
