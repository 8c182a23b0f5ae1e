/**
 * Set relations between MQTT topic filters, read as the sets of topic names they match
 * (MQTT 3.1.1 / 5 section 4.7). The ACL uses them to judge a SUBSCRIBE filter by every topic it
 * can reach, so `#` or `+` cannot be used to read past a deny rule.
 *
 * Both arguments must be valid plain filters (`validateTopicFilter`, no `$share/` prefix).
 * Semantics honoured, as in `topicMatches`:
 * - levels split on '/', empty levels are real levels (4.7.1.1);
 * - '+' is exactly one level, possibly empty [MQTT-4.7.1-3];
 * - '#' is the last level and also matches the parent level: `a/#` matches `a` [MQTT-4.7.1-2];
 * - a filter starting with '+' or '#' matches no topic starting with '$' [MQTT-4.7.2-1].
 */

const isWild = (level: string): boolean => level === '+' || level === '#';

/** Only a literal first level can reach `$` topics [MQTT-4.7.2-1]. */
function firstLevel(levels: readonly string[]): { wild: boolean; dollar: boolean } {
  const first = levels[0] ?? '';
  const wild = isWild(first);
  return { wild, dollar: !wild && first.startsWith('$') };
}

/** Whether every topic `inner` matches is also matched by `outer`. */
export function filterCovers(outer: string, inner: string): boolean {
  const o = outer.split('/');
  const i = inner.split('/');
  // Every topic of `inner` starts with its literal `$` level; a wildcard-first `outer` matches none.
  if (firstLevel(o).wild && firstLevel(i).dollar) return false;
  for (let k = 0; k < o.length; k++) {
    const ol = o[k] as string;
    if (ol === '#') return true; // the rest of `inner` (k levels or more) is matched
    if (k >= i.length) return false; // `inner` matches topics of exactly k levels; `outer` needs more
    const il = i[k] as string;
    if (il === '#') {
      // `inner` reaches k levels (its parent) and any depth; `outer` does not, except `+/#` at
      // the top: there is no topic of 0 levels, so both mean "one level or more".
      return k === 0 && ol === '+' && o.length === 2 && o[1] === '#';
    }
    if (ol !== '+' && ol !== il) return false; // a literal covers only the same literal
  }
  // `outer` exhausted without '#': it covers only topics of exactly its length.
  return i.length === o.length;
}

/** Whether some topic is matched by both `a` and `b`. */
export function filtersIntersect(a: string, b: string): boolean {
  const x = a.split('/');
  const y = b.split('/');
  const fx = firstLevel(x);
  const fy = firstLevel(y);
  // The common topic's first level is the literal one; a `$` literal excludes the wildcard side.
  if ((fx.wild && fy.dollar) || (fy.wild && fx.dollar)) return false;
  const n = Math.min(x.length, y.length);
  for (let k = 0; k < n; k++) {
    const xl = x[k] as string;
    const yl = y[k] as string;
    // '#' accepts any continuation of k or more levels, and the other side has one.
    if (xl === '#' || yl === '#') return true;
    if (xl !== '+' && yl !== '+' && xl !== yl) return false;
  }
  if (x.length === y.length) return true;
  // The shorter one matches exactly n levels: only a '#' right after in the longer one (its
  // parent-level match) reaches that length.
  const longer = x.length > y.length ? x : y;
  return longer.length === n + 1 && longer[n] === '#';
}
