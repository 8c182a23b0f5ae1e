import { ConnectReturnCode, MqttCodecError } from '@mithqtt/codec';
import type { ChannelPhase } from '@mithqtt/protocol';

export interface CodecErrorOutcome {
  /** CONNACK return code to send before closing, if the spec asks for one. */
  readonly connackCode: number | undefined;
  readonly detail: string;
}

/**
 * The one place where a decoding error becomes a protocol outcome. Everything closes the
 * connection; only an unsupported protocol level in the first CONNECT is answered first.
 */
export function codecErrorOutcome(error: unknown, phase: ChannelPhase): CodecErrorOutcome {
  if (!(error instanceof MqttCodecError)) {
    return { connackCode: undefined, detail: String(error) };
  }
  const detail = `${error.code} at ${error.field}`;
  if (error.code === 'UNSUPPORTED_PROTOCOL_VERSION' && phase === 'awaiting-connect') {
    return { connackCode: ConnectReturnCode.UnacceptableProtocolVersion, detail };
  }
  return { connackCode: undefined, detail };
}
