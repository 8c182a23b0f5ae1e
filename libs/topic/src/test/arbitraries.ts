import fc from 'fast-check';

/**
 * Levels from a small alphabet so random filters and topics collide often: empty levels, '$'
 * levels, case variants, and the characters the NATS mapping must escape.
 */
const LEVELS = ['', 'a', 'b', 'A', '$x', '$SYS', 'a.b', '*', '>', ' ', '%', '%2E', 'é', '😀'];

export const level = fc.constantFrom(...LEVELS);

/** A valid topic name of 1 to 5 levels (one empty level would be '', which is invalid). */
export const topicName = fc
  .array(level, { minLength: 1, maxLength: 5 })
  .map((l) => l.join('/'))
  .filter((t) => t !== '');

/** A valid non-shared topic filter of 1 to 5 levels: literal levels, '+', and '#' last. */
export const topicFilter = fc
  .tuple(
    fc.array(
      fc.oneof({ weight: 3, arbitrary: level }, { weight: 1, arbitrary: fc.constant('+') }),
      {
        minLength: 0,
        maxLength: 4,
      },
    ),
    fc.boolean(),
  )
  .filter(([levels, hash]) => levels.length > 0 || hash)
  .map(([levels, hash]) => (hash ? [...levels, '#'] : levels).join('/'))
  .filter((f) => f !== '');

/** A level of arbitrary Unicode (no '/', '+', '#', U+0000), possibly empty. */
export const unicodeLevel = fc
  .string({ unit: 'binary', maxLength: 6 })
  .map((s) => [...s].filter((c) => c !== '/' && c !== '+' && c !== '#' && c !== '\u0000').join(''));

/** A mix of characters NATS cares about, to make escapes and empty levels frequent. */
export const trickyLevel = fc
  .array(
    fc.constantFrom('a', '.', '*', '>', ' ', '\t', '\n', '%', '$', '~', '\u007f', '\u00a0', '😀'),
    {
      maxLength: 4,
    },
  )
  .map((chars) => chars.join(''));

/** A valid topic name with arbitrary Unicode, dots, spaces, empty levels. */
export const unicodeTopicName = fc
  .array(fc.oneof(unicodeLevel, trickyLevel, level), { minLength: 1, maxLength: 6 })
  .map((l) => l.join('/'))
  .filter((t) => t !== '');
