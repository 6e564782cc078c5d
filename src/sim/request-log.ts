/**
 * What every request cost: a bounded log plus running counters, so a test can
 * assert "this sync made 7 requests and spent 6 core points". Tokens appear
 * only as labels; the secret never reaches the log.
 */
import type { Resource } from './rate-limit.ts';

export interface RequestLogEntry {
  seq: number;
  /** Real time the request arrived, epoch ms. */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was reset without an answer. */
  status: number;
  token: string;
  resource: Resource | 'none';
  charged: boolean;
  /** Points charged (1 for REST, the query cost for GraphQL). */
  cost: number;
  /** The injected fault, if any (e.g. `status:502`, `secondary`, `latency:50`). */
  fault?: string;
  durationMs: number;
}

export interface SimStats {
  requests: number;
  byStatus: Record<string, number>;
  /** Points charged per resource. */
  charged: Record<Resource, number>;
  notModified: number;
  faults: number;
  byToken: Record<string, { requests: number; core: number; graphql: number; search: number }>;
}

function empty(): SimStats {
  return { requests: 0, byStatus: {}, charged: { core: 0, graphql: 0, search: 0 }, notModified: 0, faults: 0, byToken: {} };
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private totals: SimStats = empty();
  private seq = 0;
  private readonly listeners = new Set<(e: RequestLogEntry) => void>();

  constructor(private readonly limit = 100_000) {}

  nextSeq(): number {
    return ++this.seq;
  }

  record(e: RequestLogEntry): void {
    this.entries.push(e);
    // Drop the oldest half at once: amortised O(1) and bounded memory in long benchmarks.
    if (this.entries.length > this.limit) this.entries = this.entries.slice(this.entries.length - Math.floor(this.limit / 2));
    const t = this.totals;
    t.requests++;
    t.byStatus[String(e.status)] = (t.byStatus[String(e.status)] ?? 0) + 1;
    if (e.status === 304) t.notModified++;
    if (e.fault && !e.fault.startsWith('latency')) t.faults++;
    const tok = (t.byToken[e.token] ??= { requests: 0, core: 0, graphql: 0, search: 0 });
    tok.requests++;
    if (e.charged && e.resource !== 'none') {
      t.charged[e.resource] += e.cost;
      tok[e.resource] += e.cost;
    }
    for (const fn of this.listeners) fn(e);
  }

  /**
   * Calls `fn` after each answer is sent and before the next request is read, so a
   * test can change GitHub between two pages of one walk. Returns the unsubscribe.
   */
  onAnswered(fn: (e: RequestLogEntry) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  stats(): SimStats {
    return structuredClone(this.totals);
  }

  reset(): void {
    this.entries = [];
    this.totals = empty();
  }
}
