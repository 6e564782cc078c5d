/**
 * The dashboard's snapshot (docs/api.md, "Dashboard"): what the dashboard job
 * stores after reading the store, and the arithmetic that turns hourly buckets
 * into the chart series. Pure: no database, no clock.
 */

export const ACTIVITY_METRICS = ['pulls_opened', 'pulls_merged', 'pulls_closed', 'issues_opened', 'issues_completed'] as const;
export type ActivityMetric = (typeof ACTIVITY_METRICS)[number];
export type ActivityCounts = Record<ActivityMetric, number>;

export const ACTIVITY_WINDOWS = { '24h': 24 * 3600_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type ActivityWindow = keyof typeof ACTIVITY_WINDOWS;

/** One hour (`2026-12-02T01`) or one day (`2026-12-02`) of activity. */
export type ActivityBucket = { at: string } & ActivityCounts;

export interface TopContribution {
  repo: string;
  number: number;
  title: string;
  author: string | null;
  status: string;
  merged_at: string | null;
  earned: number;
}

export interface UnclaimedIssue {
  repo: string;
  /** The repository's emission share (fraction of the miners' pool, master list). */
  emission_share: number;
  number: number;
  title: string;
  author: string | null;
  created_at: string;
  labels: string[];
}

export interface DashboardSnapshot {
  computed_at: string;
  /** How long the job took to read the store. */
  ms: number;
  /** Exact counts over the windows ending at computed_at. */
  windows: Record<ActivityWindow, ActivityCounts>;
  /** The last 24 hours, one bucket an hour, oldest first (the newest is the hour in progress). */
  hourly: ActivityBucket[];
  /** The last 30 days, one bucket a day (UTC), oldest first. */
  daily: ActivityBucket[];
  pipeline: {
    pulls: { draft: number; open: number; merged: number; scored: number };
    issues: { open: number; completed: number; solved: number };
  };
  top_contributions: TopContribution[];
  unclaimed_issues: UnclaimedIssue[];
}

export const emptyCounts = (): ActivityCounts => ({ pulls_opened: 0, pulls_merged: 0, pulls_closed: 0, issues_opened: 0, issues_completed: 0 });

/** `2026-12-02T01:23:45Z` → its hour key `2026-12-02T01`. */
export const hourKey = (ms: number): string => new Date(ms).toISOString().slice(0, 13);

/**
 * Fills the hourly and daily series ending at `nowMs` from sparse hourly counts
 * (hour key → metric → count): every bucket present, zero where nothing happened,
 * so a chart's axis has no holes.
 */
export function activitySeries(hours: ReadonlyMap<string, Partial<ActivityCounts>>, nowMs: number): { hourly: ActivityBucket[]; daily: ActivityBucket[] } {
  const hourly: ActivityBucket[] = [];
  const firstHour = Math.floor(nowMs / 3600_000) * 3600_000 - 23 * 3600_000;
  for (let t = firstHour; t <= nowMs; t += 3600_000) hourly.push({ at: hourKey(t), ...emptyCounts(), ...hours.get(hourKey(t)) });
  const daily: ActivityBucket[] = [];
  const byDay = new Map<string, ActivityBucket>();
  const firstDay = Math.floor(nowMs / 86_400_000) * 86_400_000 - 29 * 86_400_000;
  for (let t = firstDay; t <= nowMs; t += 86_400_000) {
    const bucket: ActivityBucket = { at: new Date(t).toISOString().slice(0, 10), ...emptyCounts() };
    daily.push(bucket);
    byDay.set(bucket.at, bucket);
  }
  for (const [hour, counts] of hours) {
    const day = byDay.get(hour.slice(0, 10));
    if (!day) continue;
    for (const m of ACTIVITY_METRICS) day[m] += counts[m] ?? 0;
  }
  return { hourly, daily };
}
