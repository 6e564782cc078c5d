/**
 * The dashboard job: reads the store's activity windows, pipelines, the top
 * evaluations and the best-paying repositories' unclaimed issues, and stores one
 * snapshot that GET /api/dashboard returns as it is (docs/api.md, "Dashboard").
 * The worker runs it every minute; it recomputes when a change, an evaluation or
 * the repository list moved, and at least every REFRESH_AT_LEAST_MS anyway, since
 * the windows slide with time even when nothing changes.
 */
import type { Kysely } from 'kysely';
import { ACTIVITY_METRICS, ACTIVITY_WINDOWS, activitySeries, emptyCounts, type ActivityCounts, type ActivityWindow, type DashboardSnapshot, type UnclaimedIssue } from '../core/dashboard.ts';
import { policyOfRepo } from '../core/scoring/repo-policy.ts';
import { toGithubTime } from '../core/time.ts';
import {
  activeRepoEntries, dashboardInputs, hourlyCounts, newestUnclaimed, readDashboardSnapshot, readStoredInputs, scoredMergedCount, solvedIssueCount, statusCounts, topContributions,
  windowCounts, writeDashboardSnapshot,
} from '../db/dashboard.queries.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

export const REFRESH_AT_LEAST_MS = 5 * 60_000;
export const TOP_CONTRIBUTIONS = 10;
export const BEST_PAYING_REPOS = 5;
export const UNCLAIMED_PER_REPO = 3;

export type DashboardRefresh = { status: 'unchanged' } | { status: 'computed'; ms: number };

export async function refreshDashboard(ctx: { db: Kysely<DB>; logger: Logger; now?: () => number; force?: boolean }): Promise<DashboardRefresh> {
  const { db } = ctx;
  const nowMs = (ctx.now ?? Date.now)();
  const inputs = await dashboardInputs(db);
  if (!ctx.force && (await readStoredInputs(db)) === inputs) {
    const previous = await readDashboardSnapshot(db);
    if (previous && nowMs - Date.parse(previous.computed_at) < REFRESH_AT_LEAST_MS) return { status: 'unchanged' };
  }
  const snapshot = await computeDashboard(db, nowMs);
  await writeDashboardSnapshot(db, snapshot, inputs);
  ctx.logger.info({ ms: snapshot.ms }, 'dashboard snapshot computed');
  return { status: 'computed', ms: snapshot.ms };
}

export async function computeDashboard(db: Kysely<DB>, nowMs: number): Promise<DashboardSnapshot> {
  const started = performance.now();
  const until = toGithubTime(nowMs);
  const names = Object.keys(ACTIVITY_WINDOWS) as ActivityWindow[];
  const sinces = names.map((w) => toGithubTime(nowMs - ACTIVITY_WINDOWS[w]));
  const windows = Object.fromEntries(names.map((w) => [w, emptyCounts()])) as Record<ActivityWindow, ActivityCounts>;
  const hours = new Map<string, Partial<ActivityCounts>>();
  // The daily series starts at midnight 29 days back: a little more than the 30 d window.
  const seriesSince = toGithubTime(Math.floor(nowMs / 86_400_000) * 86_400_000 - 29 * 86_400_000);
  for (const metric of ACTIVITY_METRICS) {
    const counts = await windowCounts(db, metric, sinces, until);
    names.forEach((w, i) => (windows[w][metric] = counts[i]!));
    for (const { hour, n } of await hourlyCounts(db, metric, [seriesSince, sinces[2]!].sort()[0]!, until)) {
      const slot = hours.get(hour) ?? {};
      slot[metric] = n;
      hours.set(hour, slot);
    }
  }
  const byStatus = await statusCounts(db);
  const count = (isPull: number, status: string) => byStatus.find((r) => r.is_pull === isPull && r.status === status)?.n ?? 0;
  const snapshot: Omit<DashboardSnapshot, 'ms'> = {
    computed_at: until,
    windows,
    ...activitySeries(hours, nowMs),
    pipeline: {
      pulls: { draft: count(1, 'draft'), open: count(1, 'open'), merged: count(1, 'merged'), scored: await scoredMergedCount(db) },
      issues: { open: count(0, 'open'), completed: count(0, 'completed'), solved: await solvedIssueCount(db) },
    },
    top_contributions: await topContributions(db, TOP_CONTRIBUTIONS),
    unclaimed_issues: await unclaimedInBestPaying(db),
  };
  return { ...snapshot, ms: Math.round(performance.now() - started) };
}

/**
 * The repositories with the largest emission share (the master list's, as the
 * repository's policy reads it), and each one's newest unclaimed open issues.
 */
async function unclaimedInBestPaying(db: Kysely<DB>): Promise<UnclaimedIssue[]> {
  const repos = (await activeRepoEntries(db))
    .map((r) => ({ ...r, share: policyOfRepo(r).policy.emissionShare }))
    .filter((r) => r.share > 0)
    .sort((a, b) => b.share - a.share || a.full_name.localeCompare(b.full_name))
    .slice(0, BEST_PAYING_REPOS);
  const out: UnclaimedIssue[] = [];
  for (const r of repos) {
    for (const i of await newestUnclaimed(db, r.id, UNCLAIMED_PER_REPO)) {
      const labels = (JSON.parse(i.labels) as Array<{ name: string }>).map((l) => l.name);
      out.push({ repo: r.full_name, emission_share: r.share, number: i.number, title: i.title, author: i.author, created_at: i.created_at, labels });
    }
  }
  return out;
}
