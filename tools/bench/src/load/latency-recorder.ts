export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * End-to-end latencies (ms) of the messages sent inside the measurement window. Every sample is
 * kept (a 10k msg/s run for 5 s is 50k doubles), so percentiles are exact.
 */
export class LatencyRecorder {
  private samples = new Float64Array(1 << 14);
  private count = 0;
  private from = Number.POSITIVE_INFINITY;
  private to = Number.POSITIVE_INFINITY;

  /** Messages whose send time falls in [from, to) are recorded. */
  window(from: number, to: number): void {
    this.from = from;
    this.to = to;
  }

  record(sendTime: number, receiveTime: number): void {
    if (sendTime < this.from || sendTime >= this.to) return;
    if (this.count === this.samples.length) {
      const bigger = new Float64Array(this.samples.length * 2);
      bigger.set(this.samples);
      this.samples = bigger;
    }
    this.samples[this.count++] = receiveTime - sendTime;
  }

  summary(): LatencySummary {
    const sorted = this.samples.slice(0, this.count).sort();
    const at = (q: number): number =>
      sorted.length === 0
        ? Number.NaN
        : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      count: sorted.length,
      p50: at(0.5),
      p99: at(0.99),
      p999: at(0.999),
      max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
      mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    };
  }
}
