import { describe, expect, it } from 'vitest';
import { PacketType } from '../index';

describe('PacketType', () => {
  it('numbers the control packets as MQTT 5 section 2.1.2 does', () => {
    expect(PacketType.CONNECT).toBe(1);
    expect(PacketType.AUTH).toBe(15);
  });
});
