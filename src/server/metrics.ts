/**
 * Prometheus-style counters kept in memory. Route labels are route patterns
 * (`/api/repos/:owner/:name/issues`), never raw URLs, so the number of series
 * stays fixed whatever clients send.
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly work = new Map<string, { requests: number; examined: number }>();

  observeRequest(route: string, method: string, status: number, seconds: number): void {
    const key = `${route}\u0000${method}\u0000${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    let h = this.latency.get(route);
    if (!h) this.latency.set(route, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.counts[i]!++;
    });
    h.sum += seconds;
    h.count++;
  }

  /** How a list page was found and how many index entries it read. */
  observeWork(route: string, mode: string, examined: number): void {
    const key = `${route}\u0000${mode}`;
    const w = this.work.get(key) ?? { requests: 0, examined: 0 };
    w.requests++;
    w.examined += examined;
    this.work.set(key, w);
  }

  render(): string[] {
    const out: string[] = [];
    out.push('# HELP hub_http_requests_total HTTP requests answered, by route pattern, method and status.', '# TYPE hub_http_requests_total counter');
    for (const [key, n] of this.requests) {
      const [route, method, status] = key.split('\u0000') as [string, string, string];
      out.push(`hub_http_requests_total${labels({ route, method, status })} ${n}`);
    }
    out.push('# HELP hub_http_request_duration_seconds Time to answer, by route pattern.', '# TYPE hub_http_request_duration_seconds histogram');
    for (const [route, h] of this.latency) {
      BUCKETS.forEach((b, i) => out.push(`hub_http_request_duration_seconds_bucket${labels({ route, le: String(b) })} ${h.counts[i]}`));
      out.push(`hub_http_request_duration_seconds_bucket${labels({ route, le: '+Inf' })} ${h.count}`);
      out.push(`hub_http_request_duration_seconds_sum${labels({ route })} ${h.sum}`);
      out.push(`hub_http_request_duration_seconds_count${labels({ route })} ${h.count}`);
    }
    out.push('# HELP hub_list_rows_examined_total Index entries read by list queries, by route and plan.', '# TYPE hub_list_rows_examined_total counter');
    for (const [key, w] of this.work) {
      const [route, mode] = key.split('\u0000') as [string, string];
      out.push(`hub_list_rows_examined_total${labels({ route, mode })} ${w.examined}`);
    }
    out.push('# HELP hub_list_requests_total List queries, by route and plan.', '# TYPE hub_list_requests_total counter');
    for (const [key, w] of this.work) {
      const [route, mode] = key.split('\u0000') as [string, string];
      out.push(`hub_list_requests_total${labels({ route, mode })} ${w.requests}`);
    }
    return out;
  }
}

export function labels(values: Record<string, string>): string {
  const parts = Object.entries(values).map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`);
  return `{${parts.join(',')}}`;
}
