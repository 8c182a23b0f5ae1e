import type { QueueLimits } from './session';

/** Protocol limits of one listener, validated by the app's config schema before use. */
export interface ChannelConfig {
  /** Outgoing QoS 1/2 messages in flight per client before further ones wait in the queue. */
  readonly maxInflight: number;
  readonly queue: QueueLimits;
  /** Queue QoS 0 messages for offline persistent sessions (mosquitto's queue_qos0_messages). */
  readonly queueQos0Offline: boolean;
  /** Largest keepalive (s) accepted; 3.1.1 cannot tell a client to lower it, so a larger one (or 0 when < 65535) is refused with CONNACK 0x02, as mosquitto does. */
  readonly maxKeepAlive: number;
  /** Time allowed between TCP accept and CONNECT [MQTT-3.1.0-1 is the "first packet" rule; the timeout is the server's choice]. */
  readonly connectTimeoutMs: number;
}

export const defaultChannelConfig: ChannelConfig = {
  maxInflight: 32,
  queue: { maxQueued: 1000, dropPolicy: 'drop-new' },
  queueQos0Offline: false,
  maxKeepAlive: 65535,
  connectTimeoutMs: 10_000,
};
