import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDashboard } from '../sync/dashboard.job.ts';
import { captureLogger } from '../test/logs.ts';
import { DAY, HOUR, insertIssue, insertPull, scoringRepo, T0 } from '../test/scoring-store.ts';
import { startTestApp, type TestApp } from './test-app.ts';

// A store with known timestamps around NOW (2026-08-20T12:00:00Z); every expected
// count below is worked out by hand from the list of items.
const NOW = T0;
let t: TestApp;
const logger = captureLogger('silent').logger;

beforeAll(async () => {
  t = await startTestApp({ deps: { now: () => NOW + 30_000 } });
  const a = await scoringRepo(t.db, 'acme/widgets', { emission_share: 0.3 });
  const b = await scoringRepo(t.db, 'acme/gadgets', { emission_share: 0.1 });
  const gone = await scoringRepo(t.db, 'acme/retired', { emission_share: 0.5 });
  await t.db.updateTable('repos').set({ active: 0 }).where('id', '=', gone.id).execute();
  // Pull requests of acme/widgets.
  const p1 = await insertPull(t.db, a, { number: 1, createdAt: NOW - 2 * HOUR, state: 'open' });
  const p2 = await insertPull(t.db, a, { number: 2, createdAt: NOW - 3 * DAY, mergedAt: NOW - HOUR });
  await insertPull(t.db, a, { number: 3, createdAt: NOW - 10 * DAY, state: 'closed', closedAt: NOW - 2 * DAY });
  const p4 = await insertPull(t.db, a, { number: 4, createdAt: NOW - 40 * DAY, mergedAt: NOW - 20 * DAY });
  const p5 = await insertPull(t.db, a, { number: 5, createdAt: NOW - HOUR, state: 'open' });
  await t.db.updateTable('items').set({ status: 'draft', draft: 1 }).where('id', '=', p5).execute();
  // Issues of acme/widgets: #11 closed by #2 (GitHub's closer), #13 claimed by an open pull request.
  await insertIssue(t.db, a, { number: 10, createdAt: NOW - 5 * HOUR });
  await insertIssue(t.db, a, { number: 11, createdAt: NOW - 8 * DAY, state: 'closed', closedAt: NOW - 3 * HOUR, facts: { closer: 2 } });
  await insertIssue(t.db, a, { number: 12, createdAt: NOW - 2 * DAY, state: 'closed', stateReason: 'not_planned', closedAt: NOW - DAY });
  const i13 = await insertIssue(t.db, a, { number: 13, createdAt: NOW - 100 * DAY });
  await t.db.updateTable('items').set({ linked_count: 1 }).where('id', '=', i13).execute();
  await insertIssue(t.db, a, { number: 14, createdAt: NOW - HOUR, gone: 'deleted' });
  await insertIssue(t.db, b, { number: 1, createdAt: NOW - 30 * 60_000 });
  // A repository no longer tracked counts for nothing.
  await insertPull(t.db, gone, { number: 1, createdAt: NOW - HOUR, state: 'open' });
  await insertIssue(t.db, gone, { number: 2, createdAt: NOW - HOUR });
  // Stored evaluations: #2 earns 12.5, #4 3.25, the open #1 nothing.
  for (const [item, earned] of [[p2, 12.5], [p4, 3.25], [p1, 0]] as const) {
    await t.db.insertInto('hub_pull_scores').values({ item_id: item, repo_id: a.id, author_key: 'miner-one', earned, entry: '{}', computed_at: '2026-08-20T11:00:00Z' }).execute();
  }
});
afterAll(async () => t.close());

describe('GET /api/dashboard', () => {
  it('answers snapshot null and the freshness before the job ran', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/dashboard' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.snapshot).toBeNull();
    expect(body.freshness.repos.map((r: { repo: string }) => r.repo).sort()).toEqual(['acme/gadgets', 'acme/widgets']);
    expect(body.freshness.subnet.length).toBeGreaterThan(0);
  });

  it('serves the window counts, series, pipelines, top contributions and unclaimed issues the job stored', async () => {
    expect(await refreshDashboard({ db: t.db, logger, now: () => NOW })).toMatchObject({ status: 'computed' });
    const s = (await t.app.inject({ method: 'GET', url: '/api/dashboard' })).json().snapshot;
    expect(s.computed_at).toBe('2026-08-20T12:00:00Z');
    expect(s.age_seconds).toBe(30);
    // 24 h: opened #1 (−2 h), #5 (−1 h); merged #2 (−1 h); closed none (#3 closed −2 d);
    // issues opened #10 (−5 h), gadgets#1 (−30 min) (#14 is gone); completed #11 (−3 h).
    expect(s.windows['24h']).toEqual({ pulls_opened: 2, pulls_merged: 1, pulls_closed: 0, issues_opened: 2, issues_completed: 1 });
    // 7 d adds #2 opened (−3 d), #3 closed (−2 d), #12 opened (−2 d).
    expect(s.windows['7d']).toEqual({ pulls_opened: 3, pulls_merged: 1, pulls_closed: 1, issues_opened: 3, issues_completed: 1 });
    // 30 d adds #3 opened (−10 d), #4 merged (−20 d), #11 opened (−8 d); #4 opened −40 d and #13 −100 d stay out.
    expect(s.windows['30d']).toEqual({ pulls_opened: 4, pulls_merged: 2, pulls_closed: 1, issues_opened: 4, issues_completed: 1 });
    // 24 hourly buckets, 13:00 yesterday to the hour in progress; 11:00 holds #5 opened, #2 merged, gadgets#1 opened.
    expect(s.hourly).toHaveLength(24);
    expect(s.hourly[0].at).toBe('2026-08-19T13');
    expect(s.hourly.at(-1).at).toBe('2026-08-20T12');
    expect(s.hourly.find((h: { at: string }) => h.at === '2026-08-20T11')).toEqual({ at: '2026-08-20T11', pulls_opened: 1, pulls_merged: 1, pulls_closed: 0, issues_opened: 1, issues_completed: 0 });
    // 30 days, 2026-07-22 to today; today: opened #1, #5; issues #10, gadgets#1; completed #11.
    expect(s.daily).toHaveLength(30);
    expect(s.daily[0].at).toBe('2026-07-22');
    expect(s.daily.at(-1)).toEqual({ at: '2026-08-20', pulls_opened: 2, pulls_merged: 1, pulls_closed: 0, issues_opened: 2, issues_completed: 1 });
    // Summed, the days hold what the 30 d window holds, less what fell before 2026-07-22 (nothing here).
    expect(s.daily.reduce((n: number, d: { pulls_merged: number }) => n + d.pulls_merged, 0)).toBe(2);
    // Pipelines: drafts #5; open #1; merged #2, #4 (both earn: scored 2). Issues open #10, #13, gadgets#1; completed #11, solved by #2.
    expect(s.pipeline).toEqual({ pulls: { draft: 1, open: 1, merged: 2, scored: 2 }, issues: { open: 3, completed: 1, solved: 1 } });
    expect(s.top_contributions.map((c: { number: number; earned: number }) => [c.number, c.earned])).toEqual([[2, 12.5], [4, 3.25]]);
    expect(s.top_contributions[0]).toMatchObject({ repo: 'acme/widgets', title: 'Item 2', status: 'merged', merged_at: '2026-08-20T11:00:00Z' });
    // Best paying first (widgets 0.3, gadgets 0.1; the retired 0.5 is not tracked); #13 is claimed.
    expect(s.unclaimed_issues.map((i: { repo: string; number: number; emission_share: number }) => [i.repo, i.number, i.emission_share])).toEqual([
      ['acme/widgets', 10, 0.3],
      ['acme/gadgets', 1, 0.1],
    ]);
  });

  it('the job keeps an unchanged snapshot for five minutes, then recomputes it as the windows slide', async () => {
    expect(await refreshDashboard({ db: t.db, logger, now: () => NOW + 4 * 60_000 })).toEqual({ status: 'unchanged' });
    expect(await refreshDashboard({ db: t.db, logger, now: () => NOW + 2 * HOUR + 30 * 60_000 })).toMatchObject({ status: 'computed' });
    const s = (await t.app.inject({ method: 'GET', url: '/api/dashboard' })).json().snapshot;
    // At 14:30 the 24 h window still holds everything it held at 12:00.
    expect(s.windows['24h'].pulls_opened).toBe(2);
    expect(s.hourly.at(-1).at).toBe('2026-08-20T14');
  });

  it('400 for unknown query parameters', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/dashboard?x=1' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toMatch(/^[a-z_]+$/);
  });
});
