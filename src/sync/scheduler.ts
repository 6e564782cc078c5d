import type { Kysely } from 'kysely';
import { toGithubTime } from '../core/time.ts';
import { enqueueJob } from '../db/jobs.queries.ts';
import { scheduleRows, setNextDue } from '../db/sync-state.write.ts';
import type { DB } from '../db/schema.ts';
import type { QuotaSnapshot } from '../github/token-pool.ts';

export interface ScheduleSettings {
  hotRepos: number;
  hotIntervalSeconds: number;
  freshnessSeconds: number;
}

export interface RepoSchedule {
  key: string;
  weight: number;
  /** Had changes in the recent past: refreshed as if hot. */
  active: boolean;
  consecutiveFailures: number;
  lastPassQuota: number;
}

export interface Plan {
  key: string;
  intervalSeconds: number;
  priority: number;
}

export interface PlanResult {
  plans: Plan[];
  /** >1 when the quota left cannot pay for the freshness targets: every interval is stretched by it. */
  stretch: number;
}

/**
 * Freshness targets by priority: the heaviest repositories (and any that just
 * changed) every `hotIntervalSeconds`, every repository within
 * `freshnessSeconds`. When the quota left before the reset cannot pay for that
 * (judged from what each repository's last pass cost), all intervals stretch
 * evenly, and failing repositories back off exponentially.
 */
export function planSchedule(repos: readonly RepoSchedule[], settings: ScheduleSettings, quota: { remaining: number; secondsToReset: number } | null): PlanResult {
  // Same order as the API's freshness view (weight, then key as stored): both agree on which are hot.
  const ranked = [...repos].sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const base = ranked.map((r, rank) => {
    const hot = rank < settings.hotRepos || r.active;
    return { r, rank, interval: hot ? settings.hotIntervalSeconds : settings.freshnessSeconds };
  });
  let stretch = 1;
  if (quota && quota.secondsToReset > 0) {
    // An unchanged repository costs little (304s are free), so even a pass that cost 0 is counted as 1.
    const needed = base.reduce((sum, b) => sum + (Math.max(1, b.r.lastPassQuota) * quota.secondsToReset) / b.interval, 0);
    const budget = Math.max(1, quota.remaining * 0.9);
    if (needed > budget) stretch = needed / budget;
  }
  const plans = base.map(({ r, rank, interval }) => {
    const backoff = r.consecutiveFailures > 0 ? Math.min(3600, interval * 2 ** Math.min(r.consecutiveFailures, 10)) : interval;
    return { key: r.key, intervalSeconds: Math.round(Math.max(interval * stretch, backoff)), priority: Math.max(1, 100 - rank) + (r.active ? 10 : 0) };
  });
  return { plans, stretch };
}

/** Sums the core quota left across tokens and the time to the earliest reset. */
export function coreQuota(snapshot: readonly QuotaSnapshot[], nowMs = Date.now()): { remaining: number; secondsToReset: number } | null {
  const core = snapshot.filter((s) => s.resource === 'core');
  if (core.length === 0) return null;
  const remaining = core.reduce((s, q) => s + q.remaining, 0);
  const reset = Math.min(...core.map((q) => Date.parse(q.reset_at)));
  return { remaining, secondsToReset: Math.max(1, Math.round((reset - nowMs) / 1000)) };
}

/**
 * One scheduler tick: plans every active repository, stores when each is next
 * due, and queues a sync job for each that is due (one pending job per
 * repository, by key). Returns how many are behind their target.
 */
export async function scheduleTick(db: Kysely<DB>, settings: ScheduleSettings, activeKeys: ReadonlySet<string>, quota: ReturnType<typeof coreQuota>): Promise<{ queued: number; behind: string[]; stretch: number }> {
  const rows = await scheduleRows(db);
  const { plans, stretch } = planSchedule(
    rows.map((r) => ({ key: r.name_key, weight: r.weight, active: activeKeys.has(r.name_key), consecutiveFailures: r.consecutive_failures, lastPassQuota: r.last_pass_quota })),
    settings,
    quota,
  );
  const byKey = new Map(rows.map((r) => [r.name_key, r]));
  const now = Date.now();
  let queued = 0;
  const behind: string[] = [];
  for (const plan of plans) {
    const row = byKey.get(plan.key)!;
    const last = row.last_attempt_at ? Date.parse(row.last_attempt_at) : 0;
    const due = last + plan.intervalSeconds * 1000;
    const dueAt = toGithubTime(Math.max(due, 0));
    if (row.next_due_at !== dueAt) await setNextDue(db, plan.key, dueAt);
    if (due <= now) {
      if (await enqueueJob(db, { kind: 'sync', key: `sync:${plan.key}`, payload: { repo: plan.key }, priority: plan.priority })) queued += 1;
      const success = row.last_success_at ? Date.parse(row.last_success_at) : 0;
      if (now - success > plan.intervalSeconds * 1000 * 2) behind.push(plan.key);
    }
  }
  return { queued, behind, stretch };
}
