import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { RpcStats } from '@mithqtt/nats';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { HEALTH_RPC_STATS } from './service-health.tokens';

/**
 * Prometheus metrics of a NATS service app: the process metrics (same prefix as the gateways')
 * and the requests its RpcServers answered, by subject and outcome (`OK` or the error code).
 * The RPC counts are plain numbers bumped per request and read here on scrape.
 */
@Controller()
export class ServiceMetricsController {
  private readonly registry = new Registry();

  constructor(@Inject(HEALTH_RPC_STATS) stats: RpcStats) {
    collectDefaultMetrics({ register: this.registry, prefix: 'mithqtt_process_' });
    new Counter({
      name: 'mithqtt_rpc_requests_total',
      help: 'NATS requests answered by this process, by subject and outcome (OK or error code)',
      labelNames: ['subject', 'outcome'],
      registers: [this.registry],
      collect() {
        // The totals are kept by RpcStats: set them, rather than tracking deltas here.
        this.reset();
        for (const { subject, outcome, count } of stats.entries()) {
          this.inc({ subject, outcome }, count);
        }
      },
    });
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
