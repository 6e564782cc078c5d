/**
 * How fresh each mirrored source of the subnet's data is. A source that fails
 * keeps its last good data; this says how old that data is and why it is not
 * newer, so a reader shows stale data with its age instead of an error.
 */
export interface FetchStateLike {
  source: string;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  consecutive_failures: number;
}

export interface SourceFreshness {
  source: string;
  /** fresh: within its schedule; stale: older than twice its interval; never: no good answer yet. */
  state: 'fresh' | 'stale' | 'never';
  lastSuccessAt: string | null;
  /** Seconds since the last good answer; null when there was none. */
  ageSeconds: number | null;
  /** The last attempt failed (the data shown is the last good one). */
  failing: boolean;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface ServiceIntervals {
  minersIntervalSeconds: number;
  pricesIntervalSeconds: number;
  maintainersIntervalSeconds: number;
}

/** The schedule a source follows, from its name (`api:…`, `prices:…`, `mirror:maintainers:…`). */
export function intervalOf(source: string, s: ServiceIntervals): number {
  if (source.startsWith('prices:')) return s.pricesIntervalSeconds;
  if (source.startsWith('mirror:maintainers:')) return s.maintainersIntervalSeconds;
  return s.minersIntervalSeconds;
}

export function sourceFreshness(row: FetchStateLike, intervalSeconds: number, nowMs: number): SourceFreshness {
  const success = row.last_success_at ? Date.parse(row.last_success_at) : null;
  const ageSeconds = success === null ? null : Math.max(0, Math.floor((nowMs - success) / 1000));
  const failing = row.consecutive_failures > 0 && row.last_error_at !== null && (row.last_success_at === null || row.last_error_at >= row.last_success_at);
  return {
    source: row.source,
    state: ageSeconds === null ? 'never' : ageSeconds > 2 * intervalSeconds ? 'stale' : 'fresh',
    lastSuccessAt: row.last_success_at,
    ageSeconds,
    failing,
    lastError: failing ? row.last_error : null,
    lastErrorAt: failing ? row.last_error_at : null,
  };
}
