import { ConnectReturnCode, MqttCodecError } from '@mithqtt/codec';
import { describe, expect, it } from 'vitest';
import { codecErrorOutcome } from './codec-error-outcome';

describe('codecErrorOutcome', () => {
  it('[MQTT-3.1.2-2] answers an unsupported protocol level in the first CONNECT with 0x01', () => {
    const e = new MqttCodecError(
      'UNSUPPORTED_PROTOCOL_VERSION',
      'connect.protocolVersion',
      undefined,
      9,
    );
    expect(codecErrorOutcome(e, 'awaiting-connect').connackCode).toBe(
      ConnectReturnCode.UnacceptableProtocolVersion,
    );
  });

  it('closes without CONNACK for the same error after the session started', () => {
    const e = new MqttCodecError('UNSUPPORTED_PROTOCOL_VERSION', 'connect.protocolVersion');
    expect(codecErrorOutcome(e, 'connected').connackCode).toBeUndefined();
  });

  it('closes without CONNACK for malformed packets and names code and field', () => {
    const outcome = codecErrorOutcome(
      new MqttCodecError('MALFORMED_REMAINING_LENGTH', 'remainingLength'),
      'connected',
    );
    expect(outcome).toEqual({
      connackCode: undefined,
      detail: 'MALFORMED_REMAINING_LENGTH at remainingLength',
    });
  });

  it('treats a foreign error as a close without CONNACK', () => {
    expect(codecErrorOutcome(new Error('boom'), 'awaiting-connect').connackCode).toBeUndefined();
  });
});
