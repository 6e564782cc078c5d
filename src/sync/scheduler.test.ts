import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toGithubTime } from '../core/time.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { buildRepo } from '../test/factories.ts';
import { coreQuota, planSchedule, scheduleTick, type RepoSchedule } from './scheduler.ts';

const settings = { hotRepos: 2, hotIntervalSeconds: 30, freshnessSeconds: 600 };
const repo = (key: string, weight: number, extra: Partial<RepoSchedule> = {}): RepoSchedule => ({ key, weight, active: false, consecutiveFailures: 0, steadyPassQuota: 1, ...extra });

describe('planSchedule', () => {
  it('refreshes the heaviest repositories often and the rest within the freshness target', () => {
    const { plans, stretch } = planSchedule([repo('c', 0.1), repo('a', 5), repo('b', 3), repo('d', 0.01)], settings, null);
    expect(stretch).toBe(1);
    expect(Object.fromEntries(plans.map((p) => [p.key, p.intervalSeconds]))).toEqual({ a: 30, b: 30, c: 600, d: 600 });
    expect(plans[0]!.priority).toBeGreaterThan(plans[3]!.priority);
  });

  it('treats recently active repositories as hot', () => {
    const { plans } = planSchedule([repo('a', 5), repo('b', 3), repo('c', 0.1, { active: true })], settings, null);
    expect(plans.find((p) => p.key === 'c')!.intervalSeconds).toBe(30);
  });

  it('stretches every interval when the quota left cannot pay for the targets', () => {
    const repos = Array.from({ length: 50 }, (_, i) => repo(`r${i}`, 50 - i, { steadyPassQuota: 4 }));
    const rich = planSchedule(repos, settings, { remaining: 50_000, secondsToReset: 3600 });
    expect(rich.stretch).toBe(1);
    const poor = planSchedule(repos, settings, { remaining: 500, secondsToReset: 3600 });
    expect(poor.stretch).toBeGreaterThan(1);
    expect(poor.plans[0]!.intervalSeconds).toBeGreaterThan(30);
  });

  it('backs failing repositories off exponentially, capped at an hour', () => {
    const { plans } = planSchedule([repo('a', 1, { consecutiveFailures: 3 }), repo('b', 0.5, { consecutiveFailures: 30 })], settings, null);
    expect(plans[0]!.intervalSeconds).toBe(240);
    expect(plans[1]!.intervalSeconds).toBe(3600);
  });
});

describe('coreQuota', () => {
  it('sums core quota across tokens and finds the earliest reset', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const q = coreQuota(
      [
        { token_label: 'token-1', resource: 'core', limit: 5000, remaining: 100, reset_at: '2026-01-01T00:10:00Z' },
        { token_label: 'token-2', resource: 'core', limit: 5000, remaining: 200, reset_at: '2026-01-01T00:05:00Z' },
        { token_label: 'token-2', resource: 'graphql', limit: 5000, remaining: 9, reset_at: '2026-01-01T00:01:00Z' },
      ],
      now,
    );
    expect(q).toEqual({ remaining: 300, secondsToReset: 300 });
    expect(coreQuota([])).toBeNull();
  });
});

describe('scheduleTick', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => database.dispose());

  it('warns of nothing on a restart with quota to spare: a first walk is not the cost of a pass, and downtime is not falling behind', async () => {
    const twoHoursAgo = toGithubTime(Date.now() - 2 * 3600_000);
    for (let i = 0; i < 8; i++) {
      const repo = await buildRepo(database.db, { weight: 1 + i });
      // Each repository's only pass so far was its first full walk (10 pages), two hours ago, before the hub stopped.
      await database.db.updateTable('sync_state').set({ last_pass_quota: 10, last_attempt_at: twoHoursAgo, last_success_at: twoHoursAgo }).where('repo_id', '=', repo.id).execute();
    }
    // 8 hot repositories every 30 s for the hour to the reset, one quota point each: 960, well within 4,955.
    const result = await scheduleTick(database.db, { hotRepos: 10, hotIntervalSeconds: 30, freshnessSeconds: 600 }, new Set(), { remaining: 4955, secondsToReset: 3600 }, { since: Date.now() });
    expect(result.queued).toBe(8);
    expect(result.stretch).toBe(1);
    expect(result.behind).toEqual([]);
  });

  it('reports a repository behind when it has not synced for two intervals while the worker ran', async () => {
    const repo = await buildRepo(database.db, { weight: 1 });
    const tenMinutesAgo = toGithubTime(Date.now() - 600_000);
    await database.db.updateTable('sync_state').set({ last_attempt_at: tenMinutesAgo, last_success_at: tenMinutesAgo }).where('repo_id', '=', repo.id).execute();
    const result = await scheduleTick(database.db, { hotRepos: 10, hotIntervalSeconds: 30, freshnessSeconds: 600 }, new Set(), null, { since: Date.now() - 300_000 });
    expect(result.behind).toEqual([repo.name_key]);
  });
});
