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

export type SubnetService = 'api' | 'mirror' | 'alpha_price' | 'tao_price';

/** What a reader shows: one line per kind of data, however many sources (one per repository) it has. */
export interface SubnetDataFreshness {
  name: 'miners' | 'pr_scores' | 'repo_standings' | 'repo_miners' | 'maintainers' | 'alpha_price' | 'tao_price';
  service: SubnetService;
  /** False when the service's URL setting is `off` (or, for the alpha price, unset). */
  configured: boolean;
  /** The stalest of its answered sources; `never` only when none has had a good answer (neverCount tells the rest). */
  state: SourceFreshness['state'] | 'not_configured';
  intervalSeconds: number;
  sourceCount: number;
  /** Sources without a good answer yet (some repositories' maintainers, say). */
  neverCount: number;
  failingCount: number;
  /** The oldest last good answer among its sources. */
  lastSuccessAt: string | null;
  ageSeconds: number | null;
  /** The most recent failure of a source that is failing now. */
  lastError: string | null;
  lastErrorAt: string | null;
}

const DATA: ReadonlyArray<{ name: SubnetDataFreshness['name']; service: SubnetService; match: (source: string) => boolean }> = [
  { name: 'miners', service: 'api', match: (s) => s === 'api:miners' },
  { name: 'pr_scores', service: 'api', match: (s) => s === 'api:prs' },
  { name: 'repo_standings', service: 'api', match: (s) => s === 'api:repos' },
  { name: 'repo_miners', service: 'api', match: (s) => s.startsWith('api:repo-miners:') },
  { name: 'maintainers', service: 'mirror', match: (s) => s.startsWith('mirror:maintainers:') },
  { name: 'alpha_price', service: 'alpha_price', match: (s) => s === 'prices:alpha' },
  { name: 'tao_price', service: 'tao_price', match: (s) => s === 'prices:tao' },
];

/**
 * Every kind of the subnet's data with its freshness, in a fixed order, whether or
 * not it was ever fetched: a service that is turned off reads `not_configured`
 * (never an error), one that has not answered yet `never`.
 */
export function subnetDataFreshness(sources: readonly SourceFreshness[], configured: Readonly<Record<SubnetService, boolean>>, s: ServiceIntervals): SubnetDataFreshness[] {
  return DATA.map(({ name, service, match }) => {
    const mine = sources.filter((f) => match(f.source));
    const known = mine.filter((f) => f.lastSuccessAt !== null);
    const failing = mine.filter((f) => f.failing);
    const oldest = known.reduce<SourceFreshness | null>((a, f) => (a === null || f.lastSuccessAt! < a.lastSuccessAt! ? f : a), null);
    const latestFailure = failing.reduce<SourceFreshness | null>((a, f) => (a === null || (f.lastErrorAt ?? '') > (a.lastErrorAt ?? '') ? f : a), null);
    const never = mine.length - known.length;
    const isOn = configured[service];
    const state: SubnetDataFreshness['state'] = !isOn ? 'not_configured' : known.length === 0 ? 'never' : known.some((f) => f.state === 'stale') ? 'stale' : 'fresh';
    return {
      name,
      service,
      configured: isOn,
      state,
      intervalSeconds: intervalOf(mine[0]?.source ?? (name === 'maintainers' ? 'mirror:maintainers:' : service === 'api' ? 'api:' : 'prices:'), s),
      sourceCount: mine.length,
      neverCount: never,
      failingCount: failing.length,
      lastSuccessAt: oldest?.lastSuccessAt ?? null,
      ageSeconds: oldest?.ageSeconds ?? null,
      lastError: latestFailure?.lastError ?? null,
      lastErrorAt: latestFailure?.lastErrorAt ?? null,
    };
  });
}
