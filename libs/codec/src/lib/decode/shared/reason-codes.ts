import { MqttCodecError } from '../../errors';
import type { Reader } from '../../wire/reader';

/**
 * The code list that ends a SUBACK (all versions) or a v5 UNSUBACK: one code per filter of the
 * request, so at least one (3.9.3, 3.11.3), each in the packet type's allowed set.
 */
export function readReasonCodes(
  r: Reader,
  allowed: Readonly<Uint8Array>,
  field: string,
  listField: string,
): number[] {
  const codes: number[] = [];
  while (r.remaining() > 0) {
    const code = r.u8(field);
    if (allowed[code] !== 1)
      throw new MqttCodecError('INVALID_REASON_CODE', field, undefined, code);
    codes.push(code);
  }
  if (codes.length === 0) throw new MqttCodecError('EMPTY_REASON_CODE_LIST', listField);
  return codes;
}
