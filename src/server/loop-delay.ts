import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/**
 * Event-loop delay as the server experiences it. The request path must never
 * stall, so this is measured all the time and reported by /api/health and /metrics.
 * The histogram is reset every window so the figures describe the recent past.
 */
export class LoopDelayMonitor {
  private readonly histogram: IntervalHistogram;
  private readonly timer: NodeJS.Timeout;
  private last = { p50: 0, p99: 0, max: 0 };
  private worst = 0;

  constructor(windowMs = 60_000) {
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), windowMs);
    this.timer.unref();
  }

  private roll(): void {
    this.last = this.current();
    this.histogram.reset();
  }

  private current() {
    const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;
    const max = ms(this.histogram.max);
    if (max > this.worst) this.worst = max;
    return { p50: ms(this.histogram.percentile(50)), p99: ms(this.histogram.percentile(99)), max };
  }

  /** Delay over the current window (or the previous one if this one is empty). */
  snapshot(): { p50: number; p99: number; max: number } {
    return this.histogram.count > 0 ? this.current() : this.last;
  }

  /** The worst delay seen since start. */
  worstMs(): number {
    this.current();
    return this.worst;
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}
