import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The server's Prometheus registry (prom-client): the standard process metrics
 * (CPU, memory, heap, handles, event-loop lag, GC), request counts and latency,
 * list-query work, and the gauges /metrics fills from the store at each scrape.
 * Route labels are route patterns (`/api/repos/:owner/:name/issues`), never raw
 * URLs, so the number of series stays fixed whatever clients send.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'hub_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status.', labelNames: ['route', 'method', 'status'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'hub_http_request_duration_seconds',
    help: 'Time to answer, by route pattern.',
    labelNames: ['route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly examined = new Counter({ name: 'hub_list_rows_examined_total', help: 'Index entries read by list queries, by route and plan.', labelNames: ['route', 'mode'], registers: [this.registry] });
  private readonly lists = new Counter({ name: 'hub_list_requests_total', help: 'List queries, by route and plan.', labelNames: ['route', 'mode'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.requests.inc({ route, method, status: String(status) });
    this.latency.observe({ route }, seconds);
  }

  /** How a list page was found and how many index entries it read. */
  observeWork(route: string, mode: string, examined: number): void {
    this.lists.inc({ route, mode });
    this.examined.inc({ route, mode }, examined);
  }

  /** A gauge whose every series is set afresh at each scrape (values read from the store). */
  gauge(name: string, help: string, labelNames: string[] = []): Gauge {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
