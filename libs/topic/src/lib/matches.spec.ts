import { describe, expect, it } from 'vitest';
import { topicMatches } from './matches';

// The full behaviour is in the matcher contract, which runs against a matcher built on
// topicMatches; these are the spec's own examples as a direct check of the reference.
describe('topicMatches', () => {
  it.each<[string, string, boolean]>([
    ['sport/tennis/player1/#', 'sport/tennis/player1', true], // [MQTT-4.7.1-2] example
    ['sport/tennis/player1/#', 'sport/tennis/player1/ranking', true],
    ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon', true],
    ['sport/#', 'sport', true], // parent level [MQTT-4.7.1-2]
    ['sport/tennis/+', 'sport/tennis/player1', true], // [MQTT-4.7.1-3] example
    ['sport/tennis/+', 'sport/tennis/player1/ranking', false],
    ['sport/+', 'sport', false],
    ['sport/+', 'sport/', true],
    ['+/+', '/finance', true],
    ['/+', '/finance', true],
    ['+', '/finance', false],
    ['#', '$SYS/x', false], // [MQTT-4.7.2-1]
    ['+/monitor/Clients', '$SYS/monitor/Clients', false], // [MQTT-4.7.2-1]
    ['$SYS/#', '$SYS/monitor/Clients', true],
    ['$SYS/monitor/+', '$SYS/monitor/Clients', true],
    ['ACCOUNTS', 'Accounts', false], // case sensitive [MQTT-4.7.3-4]
    ['a/b', 'a/b/c', false],
    ['a/b/c', 'a/b', false],
  ])('%s vs %s → %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});
