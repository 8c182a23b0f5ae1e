// eslint-disable-next-line no-control-regex -- control characters are exactly what is checked
const FORBIDDEN = /[*> \x00-\x1f\x7f]/;

/**
 * A small NATS subject matcher for tests, following the NATS rules: tokens split on '.', `*`
 * matches exactly one token, `>` (last token only) matches one or more tokens.
 */
export function natsSubjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    const token = p[i];
    if (token === '>') return i === p.length - 1 && s.length > i;
    if (i >= s.length) return false;
    if (token !== '*' && token !== s[i]) return false;
  }
  return p.length === s.length;
}

export function natsSubjectMatchesAny(patterns: readonly string[], subject: string): boolean {
  return patterns.some((pattern) => natsSubjectMatches(pattern, subject));
}

/**
 * Whether `subject` is a literal NATS subject a client may publish to: non-empty tokens, no
 * wildcard characters, no ASCII whitespace or control characters (nats-server rejects ASCII
 * whitespace; we are stricter and also refuse '*' and '>' inside longer tokens). Non-ASCII
 * characters (U+00A0 included) travel as multi-byte UTF-8 and are fine.
 */
export function isLiteralNatsSubject(subject: string): boolean {
  return subject.split('.').every((token) => token.length > 0 && !FORBIDDEN.test(token));
}

/** Whether `pattern` is a valid NATS subscription subject: wildcards only as whole tokens, `>` last. */
export function isValidNatsPattern(pattern: string): boolean {
  const tokens = pattern.split('.');
  return tokens.every((token, i) => {
    if (token === '*') return true;
    if (token === '>') return i === tokens.length - 1;
    return token.length > 0 && !FORBIDDEN.test(token);
  });
}
