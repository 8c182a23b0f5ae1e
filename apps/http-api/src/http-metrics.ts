import { Controller, Get, Header, Inject, Injectable } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/**
 * Prometheus metrics of the HTTP API app: process metrics (the gateways' prefix) and the
 * requests it answered by method, route pattern (not the raw URL: client ids and topics in
 * paths would make unbounded label sets) and status.
 */
@Injectable()
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'mithqtt_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'mithqtt_process_' });
  }

  /** One response sent (main.ts calls it from Fastify's onResponse hook: errors included). */
  count(method: string, route: string | undefined, status: number): void {
    this.requests.inc({ method, route: route ?? 'unmatched', status: String(status) });
  }
}

@ApiExcludeController()
@Controller()
export class HttpMetricsController {
  constructor(@Inject(HttpMetrics) private readonly metrics: HttpMetrics) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
