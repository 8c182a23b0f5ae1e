import { describe, expect, it } from 'vitest';
import { parseSharedFilter } from './shared';

describe('parseSharedFilter (MQTT 5 4.8.2)', () => {
  it.each([
    ['$share/g/a/b', { group: 'g', filter: 'a/b' }],
    ['$share/consumer1/sport/tennis/+', { group: 'consumer1', filter: 'sport/tennis/+' }],
    ['$share/g/#', { group: 'g', filter: '#' }],
    ['$share/g/$SYS/#', { group: 'g', filter: '$SYS/#' }],
    ['$share/g//', { group: 'g', filter: '/' }],
    ['$share/g/$share/h/x', { group: 'g', filter: '$share/h/x' }],
  ])('splits %s', (input, expected) => {
    expect(parseSharedFilter(input)).toEqual(expected);
  });

  it.each([
    ['$share/g', { group: 'g', filter: '' }],
    ['$share//a', { group: '', filter: 'a' }],
    ['$share/', { group: '', filter: '' }],
    ['$share/g+/a', { group: 'g+', filter: 'a' }],
  ])('splits the malformed %s without validating', (input, expected) => {
    expect(parseSharedFilter(input)).toEqual(expected);
  });

  it.each(['a/b', '#', '$share', '$sharex/g/a', '$SHARE/g/a', 'x/$share/g/a', '/$share/g/a'])(
    'returns null for the ordinary filter %s',
    (input) => {
      expect(parseSharedFilter(input)).toBeNull();
    },
  );
});
