import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePrice } from '../db/subnet-state.queries.ts';
import { scoreRepository } from '../sync/scoring.job.ts';
import { captureLogger } from '../test/logs.ts';
import { addMaintainer, at, DAY, HOUR, insertIssue, insertPull, registerMiner, scoringRepo, T0 } from '../test/scoring-store.ts';
import { startTestApp, type TestApp } from './test-app.ts';

/**
 * A small store whose split and responsiveness are worked out by hand below.
 * acme/widgets: share 0.3, maintainer cut 0.2, its maintainer `boss` a registered miner.
 * acme/gadgets: share 0.2, nobody scores there (idle).
 */
let t: TestApp;
const get = (url: string) => t.app.inject({ method: 'GET', url });

beforeAll(async () => {
  t = await startTestApp();
  const repo = await scoringRepo(t.db, 'acme/widgets', { emission_share: 0.3, maintainer_cut: 0.2 });
  await scoringRepo(t.db, 'acme/gadgets', { emission_share: 0.2 });
  await registerMiner(t.db, 1, 'Miner-One', 'id-miner-one');
  await registerMiner(t.db, 2, 'Miner-Two', 'id-miner-two');
  await registerMiner(t.db, 3, 'boss', 'id-boss');
  await addMaintainer(t.db, repo, 'boss', 'id-boss');
  const review = (state = 'APPROVED', author = 'boss') => [{ state, author, association: 'MEMBER' }];
  // Reviews are stored at the item's updated_at: that is the review time here.
  // Miner-One: three merged in grace (eligible, 20.87 each), opened 2 d, 1 d and 3 d before T0, merged 2 h before T0.
  await insertPull(t.db, repo, { number: 1, author: 'Miner-One', createdAt: T0 - 2 * DAY, updatedAt: T0 - 2 * DAY + 4 * HOUR, mergedAt: T0 - 2 * HOUR, reviews: review() });
  await insertPull(t.db, repo, { number: 2, author: 'Miner-One', createdAt: T0 - DAY, updatedAt: T0 - DAY + 2 * HOUR, mergedAt: T0 - 2 * HOUR, reviews: review() });
  await insertPull(t.db, repo, { number: 3, author: 'Miner-One', createdAt: T0 - 3 * DAY, updatedAt: T0 - 3 * DAY + 6 * HOUR, mergedAt: T0 - 2 * HOUR, reviews: review() });
  // Miner-Two: one closed unmerged with only the author's own comment, one open 9 days with no review, one open a day reviewed after 10 h.
  await insertPull(t.db, repo, { number: 4, author: 'Miner-Two', createdAt: T0 - 5 * DAY, state: 'closed', closedAt: T0 - 4 * DAY, reviews: review('COMMENTED', 'Miner-Two'), closes: [11] });
  await insertPull(t.db, repo, { number: 5, author: 'Miner-Two', createdAt: T0 - 9 * DAY, state: 'open' });
  await insertPull(t.db, repo, { number: 6, author: 'Miner-Two', createdAt: T0 - DAY, updatedAt: T0 - DAY + 10 * HOUR, state: 'open', reviews: review('COMMENTED'), closes: [10] });
  // The maintainer's own pull request, merged in an hour: left out of every figure.
  await insertPull(t.db, repo, { number: 7, author: 'boss', association: 'MEMBER', createdAt: T0 - DAY, mergedAt: T0 - 23 * HOUR });
  // #9 unclaimed; #10 claimed by the open #6; #11 only by the closed unmerged #4, so unclaimed.
  for (const number of [9, 10, 11]) await insertIssue(t.db, repo, { number, author: 'reporter', createdAt: T0 - 6 * DAY });
  const logger = captureLogger('silent').logger;
  await scoreRepository({ db: t.db, logger, now: () => T0 }, 'acme/widgets');
  await scoreRepository({ db: t.db, logger, now: () => T0 }, 'acme/gadgets');
});
afterAll(async () => t.close());

describe('GET /api/subnet', () => {
  it('says why amounts are null while no price is known', async () => {
    const body = (await get('/api/subnet')).json();
    expect(body.prices).toMatchObject({ alpha_tao: null, alpha_emission_per_day: null, tao_usd: null });
    expect(body.prices.reason).toContain('HUB_ALPHA_PRICE_URL');
    const widgets = body.repos.find((r: { repo: string }) => r.repo === 'acme/widgets');
    expect(widgets.slice).toMatchObject({ alpha_per_day: null, tao_per_day: null, usd_per_day: null });
    expect(widgets.slice.reason).toBe(body.prices.reason);
  });

  it('answers the rules in force and each repository’s split, in alpha, TAO and dollars once prices are known', async () => {
    for (const [name, value] of [['alpha_emission_per_day', 7200], ['alpha_tao', 0.01], ['tao_usd', 400]] as const) await savePrice(t.db, { name, value, source: 'prices.example', observedAt: null, now: at(T0) });
    const res = await get('/api/subnet');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rules).toMatchObject({ validator: 'entrius/gittensor', commit: '1b0381d', miners_share: 0.9, burn_share: 0.05, serving_share: 0.05, round_minutes: 120, weight_smoothing: 0.7, maintainer_cut_cap: 0.5, basis: 'registered' });
    expect(body.prices.reason).toBeNull();
    expect(body.prices.tao_usd).toMatchObject({ value: 400, source: 'prices.example', fetched_at: '2026-08-20T12:00:00Z' });
    expect(body.repos.map((r: { repo: string }) => r.repo)).toEqual(['acme/widgets', 'acme/gadgets']);
    const [w, g] = body.repos;
    // Of the miners' pool: carve 0.2 × 0.3 = 0.06; own 0.3 × 0.8 = 0.24; gadgets' idle 0.2 flows in (widgets is the only active one):
    // scoring part 0.44, all of it the PR pool (no issue scorer). Slice 0.50 of the pool = 0.45 of emission (pool 0.9).
    expect(w).toMatchObject({ emission_share: 0.3, active: true, maintainer_cut: 0.2, maintainer_cut_applies: true, maintainer_miners: 1, pr_scorers: 1, issue_scorers: 0 });
    expect(w.slice.share).toBeCloseTo(0.45, 12);
    expect(w.slice.pool_percent).toBeCloseTo(50, 10);
    // 0.45 × 7200 = 3240 alpha; × 0.01 = 32.4 TAO; × 400 = 12,960 dollars a day.
    expect(w.slice.alpha_per_day).toBeCloseTo(3240, 8);
    expect(w.slice.tao_per_day).toBeCloseTo(32.4, 8);
    expect(w.slice.usd_per_day).toBeCloseTo(12960, 6);
    // PR pool 0.44 × 0.9 = 0.396 → 2851.2 alpha; carve 0.06 × 0.9 = 0.054; issue pool 0.
    expect(w.pr_pool.share).toBeCloseTo(0.396, 12);
    expect(w.pr_pool.alpha_per_day).toBeCloseTo(2851.2, 8);
    expect(w.maintainer_carve.share).toBeCloseTo(0.054, 12);
    expect(w.issue_pool.share).toBe(0);
    // Opportunity: 0.44 × merge rate 0.75 ÷ (1 + 2 active miners) = 0.11 → 11 %.
    expect(w.opportunity).toBeCloseTo(11, 10);
    expect(g).toMatchObject({ active: false, maintainer_cut_applies: false });
    expect(g.slice.share).toBe(0);
    // Idle: its own 0.2 × 0.5 (no decided pull request) ÷ (1 + 0) = 0.1 → 10 %.
    expect(g.opportunity).toBeCloseTo(10, 10);
    // Half the pool is master-list slack (shares sum to 0.5): 0.5 × 0.9 = 0.45 of emission.
    expect(body.recycled.share).toBeCloseTo(0.45, 12);
  });
});

describe('GET /api/repos/{owner}/{name}/responsiveness', () => {
  it('answers medians and rates worked out by hand, without the maintainer’s own work', async () => {
    const res = await get('/api/repos/ACME/Widgets/responsiveness');
    expect(res.statusCode).toBe(200);
    const { stats, authors, maintainers } = res.json();
    expect(maintainers).toEqual([{ login: 'boss', association: 'MAINTAINER', source: 'subnet-mirror' }]);
    expect(stats).toMatchObject({
      window_days: 30,
      active_authors: 2,
      active_miners: 2,
      open_pulls: 2,
      unclaimed_issues: 2,
      // First reviews by someone else: #1 4 h, #2 2 h, #3 6 h, #6 10 h (#4's only review is its author's): median (4 + 6) / 2 = 5 h.
      reviewed: 4,
      first_review_median_seconds: 5 * 3600,
      // Merged: #1 46 h, #2 22 h, #3 70 h → 46 h; #4 closed unmerged; 3 of 4 decided merged.
      merged: 3,
      closed_unmerged: 1,
      merge_median_seconds: 46 * 3600,
      merge_rate: 0.75,
      // Queue #5 (9 d) and #6 (1 d): median 5 d, oldest 9 d; #5 has waited over 7 days with no review.
      queue: 2,
      queue_median_age_seconds: 5 * 86400,
      queue_oldest_age_seconds: 9 * 86400,
      stale: 1,
      maintainer_pulls: 1,
    });
    expect(authors).toEqual([
      // Miner-One: reviews 2, 4, 6 h → 4 h, against the repository's 5 h: 0.8; merges 46 h against 46 h: 1.
      { login: 'Miner-One', registered: true, pulls: 3, open: 0, reviewed: 3, first_review_median_seconds: 4 * 3600, merged: 3, closed_unmerged: 0, merge_median_seconds: 46 * 3600, merge_rate: 1, first_review_vs_repo: 0.8, merge_vs_repo: 1 },
      // Miner-Two: one review after 10 h: 10 / 5 = 2; nothing merged, one closed: rate 0.
      { login: 'Miner-Two', registered: true, pulls: 3, open: 2, reviewed: 1, first_review_median_seconds: 10 * 3600, merged: 0, closed_unmerged: 1, merge_median_seconds: null, merge_rate: 0, first_review_vs_repo: 2, merge_vs_repo: null },
    ]);
  });

  it('the repositories list carries the same figures, the policy and the decay curve', async () => {
    const items = (await get('/api/repos')).json().items as Array<{ full_name: string; reward: unknown }>;
    const w = items.find((r) => r.full_name === 'acme/widgets')!.reward as { stats: { merge_rate: number }; pay: { opportunity: number }; policy: { scoring: { pr_lookback_days: number } }; decay_curve: { day: number; multiplier: number }[] };
    expect(w.stats.merge_rate).toBe(0.75);
    expect(w.pay.opportunity).toBeCloseTo(11, 10);
    expect(w.policy.scoring.pr_lookback_days).toBe(30);
    // The default decay: 1 in grace, 0.5 at 10 days, the 0.05 floor by 30.
    expect(w.decay_curve).toHaveLength(31);
    expect(w.decay_curve[0]).toEqual({ day: 0, multiplier: 1 });
    expect(w.decay_curve[10]).toEqual({ day: 10, multiplier: 0.5 });
    expect(w.decay_curve[30]).toEqual({ day: 30, multiplier: 0.05 });
  });

  it('404s before the statistics exist and for an untracked repository', async () => {
    const untracked = await get('/api/repos/acme/nope/responsiveness');
    expect(untracked.statusCode).toBe(404);
    expect(untracked.json().error.code).toBe('repo_not_tracked');
    const fresh = await startTestApp();
    await scoringRepo(fresh.db, 'acme/widgets');
    const res = await fresh.app.inject({ method: 'GET', url: '/api/repos/acme/widgets/responsiveness' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('stats_not_computed');
    await fresh.close();
  });
});
