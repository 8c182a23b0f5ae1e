import { Controller, Get, Header, Inject, Optional } from '@nestjs/common';
import type { NatsCluster } from '@mithqtt/nats';
import { ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { MqttListenerService } from '../mqtt/mqtt-listener.service';
import { CLUSTER } from '../tokens';

/**
 * Prometheus metrics. Broker counters are plain numbers incremented on the hot path and read
 * here on scrape, so a publish never calls into prom-client.
 */
@ApiTags('operations (no API key)')
@Controller()
export class MetricsController {
  private readonly registry = new Registry();

  constructor(
    @Inject(MqttListenerService) mqtt: MqttListenerService,
    @Optional() @Inject(CLUSTER) cluster: NatsCluster | null,
  ) {
    const broker = mqtt.broker;
    const stats = broker.stats;
    collectDefaultMetrics({ register: this.registry, prefix: 'mithqtt_process_' });
    const gauge = (name: string, help: string, read: () => number): void => {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    };
    const counter = (name: string, help: string, read: () => number): void => {
      let last = 0;
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          const now = read();
          this.inc(now - last);
          last = now;
        },
      });
    };
    gauge(
      'mithqtt_connections',
      'Open MQTT connections (including ones not yet CONNECTed)',
      () => broker.connectionCount,
    );
    gauge(
      'mithqtt_sessions',
      'Sessions held (online and offline persistent)',
      () => broker.sessionCount,
    );
    gauge('mithqtt_subscriptions', 'Subscriptions in the index', () => broker.subscriptionCount);
    counter('mithqtt_connects_total', 'Accepted CONNECTs', () => stats.connects);
    counter(
      'mithqtt_takeovers_total',
      'Sessions taken over by a new connection',
      () => stats.takeovers,
    );
    counter('mithqtt_auth_failures_total', 'Refused authentications', () => stats.authFailures);
    counter(
      'mithqtt_messages_received_total',
      'Application messages accepted from publishers',
      () => stats.messagesIn,
    );
    counter(
      'mithqtt_messages_routed_total',
      'Deliveries to sessions (online or queued)',
      () => stats.messagesOut,
    );
    counter(
      'mithqtt_messages_dropped_total',
      'Messages dropped because a session queue was full',
      () => stats.dropped,
    );
    counter(
      'mithqtt_publisher_pauses_total',
      'Times a publisher was paused because a subscriber queue was over half full',
      () => stats.publisherPauses,
    );
    counter(
      'mithqtt_publish_denied_total',
      'PUBLISH refused by authorization',
      () => stats.publishDenied,
    );
    counter(
      'mithqtt_subscribe_denied_total',
      'Subscriptions refused by authorization',
      () => stats.subscribeDenied,
    );
    counter(
      'mithqtt_sessions_expired_total',
      'Offline sessions discarded after their expiry',
      () => stats.sessionsExpired,
    );
    counter(
      'mithqtt_durable_replayed_total',
      'Strict durability: messages delivered from the durable log after a gateway death or hand-over',
      () => stats.replayed,
    );
    counter(
      'mithqtt_durable_duplicates_skipped_total',
      'Strict durability: deliveries skipped because the session had already taken the message',
      () => stats.replayDuplicatesSkipped,
    );
    counter(
      'mithqtt_durable_log_failures_total',
      'Strict durability: failed durable-log appends (the PUBACK was withheld, the connection closed)',
      () => stats.durableLogFailures,
    );
    if (cluster) {
      counter(
        'mithqtt_cluster_subject_too_long_total',
        'Messages delivered on this node only: their topic maps to a NATS subject over the limit',
        () => cluster.tooLong,
      );
    }
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
