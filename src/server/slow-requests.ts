import type { Logger } from '../logger.ts';

/** What one interval's summary says about a route. */
export interface SlowRouteSummary {
  count: number;
  worst_ms: number;
  total_ms: number;
  /** The slowest few, slowest first. */
  examples: { ms: number; status: number; method: string; url: string }[];
}

export interface SlowRequestOptions {
  /** A request slower than this counts (ms). */
  thresholdMs: number;
  /** One summary line per this many milliseconds, when anything was slow. */
  intervalMs: number;
  /** Examples kept per route. */
  examples?: number;
}

const URL_CHARS = 200;

/**
 * Slow requests, aggregated: under load a line per slow request drowns the log
 * (thousands of lines a minute), while what an operator needs is which routes
 * were slow, how often and how badly. Each interval ends with one line: per
 * route pattern, the count, the worst and total time, and the slowest few
 * requests as examples. Memory is bounded by the number of routes times the
 * examples kept.
 */
export class SlowRequestLog {
  private routes = new Map<string, SlowRouteSummary>();
  private since: number;
  private readonly timer: NodeJS.Timeout;
  private readonly keep: number;

  constructor(
    private readonly logger: Logger,
    private readonly options: SlowRequestOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.keep = options.examples ?? 3;
    this.since = now();
    this.timer = setInterval(() => this.flush(), options.intervalMs);
    this.timer.unref();
  }

  /** Counts the request when it was slow; cheap otherwise. */
  record(route: string, method: string, url: string, ms: number, status: number): void {
    if (ms <= this.options.thresholdMs) return;
    let s = this.routes.get(route);
    if (!s) this.routes.set(route, (s = { count: 0, worst_ms: 0, total_ms: 0, examples: [] }));
    const rounded = Math.round(ms);
    s.count++;
    s.total_ms += rounded;
    s.worst_ms = Math.max(s.worst_ms, rounded);
    if (s.examples.length < this.keep || rounded > s.examples[s.examples.length - 1]!.ms) {
      s.examples.push({ ms: rounded, status, method, url: url.slice(0, URL_CHARS) });
      s.examples.sort((a, b) => b.ms - a.ms);
      s.examples.length = Math.min(s.examples.length, this.keep);
    }
  }

  /** Logs the interval's summary (nothing when no request was slow) and starts the next. */
  flush(): void {
    const routes = this.routes;
    const since = this.since;
    this.routes = new Map();
    this.since = this.now();
    if (routes.size === 0) return;
    let count = 0;
    for (const s of routes.values()) count += s.count;
    this.logger.warn(
      { slow_requests: count, threshold_ms: this.options.thresholdMs, interval_s: Math.round((this.since - since) / 1000), routes: Object.fromEntries(routes) },
      'slow requests',
    );
  }

  /** Stops the timer after logging what is left. */
  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
