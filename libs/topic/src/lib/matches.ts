/**
 * Whether the topic filter `filter` matches the topic name `topic` (MQTT 3.1.1 and 5, 4.7). Both
 * must be valid (`validateTopicFilter` without `$share/`, `validateTopicName`). Written to be
 * obviously right, not fast: it is the reference the index is tested against and a slow path for
 * single checks (e.g. a retained message against one new subscription).
 *
 * - Levels are split on '/'; empty levels are real levels (`a//b`, `/a`, `a/`) (4.7.1.1).
 * - '+' matches exactly one level, which may be empty [MQTT-4.7.1-3].
 * - '#' matches the parent level and any number of child levels: `sport/#` matches `sport`
 *   [MQTT-4.7.1-2].
 * - A filter whose first level is '+' or '#' does not match a topic starting with '$'
 *   [MQTT-4.7.2-1]; `$SYS/#` does match `$SYS/x`.
 * - Matching is case sensitive and compares characters exactly (no normalisation) [MQTT-4.7.3-4].
 */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}
