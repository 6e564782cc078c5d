import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepoRow } from '../db/schema.ts';
import { captureLogger } from '../test/logs.ts';
import { bumpDataVersion, DAY, HOUR, insertIssue, insertPull, registerMiner, scoringRepo, T0 } from '../test/scoring-store.ts';
import { scoreRepository } from '../sync/scoring.job.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let repo: RepoRow;
const score = (key = 'acme/widgets', now = T0) => scoreRepository({ db: t.db, logger: captureLogger('silent').logger, now: () => now }, key);

beforeAll(async () => {
  t = await startTestApp();
  repo = await scoringRepo(t.db, 'acme/widgets');
  await scoringRepo(t.db, 'acme/gadgets');
  await registerMiner(t.db, 1, 'Miner-One', 'id-miner-one');
  // Three merged within grace and one open: eligible (3 merged, credibility 1).
  for (const n of [1, 2, 3]) await insertPull(t.db, repo, { number: n, author: 'Miner-One', mergedAt: T0 - 2 * HOUR });
  await insertPull(t.db, repo, { number: 4, author: 'Miner-One', state: 'open' });
  await insertIssue(t.db, repo, { number: 5, author: 'reporter' });
  await registerMiner(t.db, 2, 'idle-miner', '999');
  await score();
  await score('acme/gadgets');
});
afterAll(async () => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('GET /api/miners/{login}/standing', () => {
  it('answers the stored standing with the contract field names, login in any case', async () => {
    const res = await get('/api/miners/miner-ONE/standing');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // 3 × 20.87 earned, 20.87 × 0.2 = 4.174 held by the open one: 62.61 − 4.174 = 58.436.
    expect(body).toMatchObject({ login: 'Miner-One', github_id: 'id-miner-one', registered: true, eligible: true, issue_eligible: false, total: 58.44 });
    expect(body.repos).toHaveLength(1);
    const r = body.repos[0];
    for (const key of ['repo', 'eligible', 'merged', 'closed', 'open', 'credibility', 'open_pr_threshold', 'open_pr_cliff', 'earned', 'collateral', 'total', 'blocked_by', 'pulls']) expect(r).toHaveProperty(key);
    expect(r).toMatchObject({ repo: 'acme/widgets', eligible: true, merged: 3, closed: 0, open: 1, credibility: 1, open_pr_threshold: 3, open_pr_cliff: false, earned: 62.61, collateral: 4.17, total: 58.44, blocked_by: [], computed_at: '2026-08-20T12:00:00Z' });
    expect(r.pulls.map((p: { number: number }) => p.number)).toEqual([1, 2, 3, 4]);
    expect(Object.keys(r.pulls[0]).sort()).toEqual(['base', 'collateral', 'collateral_review', 'counted', 'earned', 'excluded', 'explain', 'multipliers', 'number', 'pending', 'reasons', 'state', 'token_score'].sort());
    expect(r.pulls[0]).toMatchObject({ number: 1, state: 'merged', counted: true, excluded: null, base: 20.87, multipliers: { issue: 1, label: 1, decay: 1, review: 1, spam: 1 }, earned: 20.87, collateral: 0, reasons: [] });
  });

  it('an author who is not a registered miner has a standing too', async () => {
    const body = (await get('/api/miners/reporter/standing')).json();
    expect(body).toMatchObject({ login: 'reporter', registered: false, eligible: false });
    expect(body.repos[0].issue_discovery.open).toBe(1);
  });

  it('404 miner_not_found for a login never seen; a registered miner with nothing evaluated has no repositories', async () => {
    const res = await get('/api/miners/nobody-here/standing');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('miner_not_found');
    const idle = await get('/api/miners/IDLE-miner/standing');
    expect(idle.statusCode).toBe(200);
    expect(idle.json()).toMatchObject({ login: 'IDLE-miner', repos: [], eligible: false, total: 0 });
  });

  it('400 for unknown query parameters and malformed logins', async () => {
    const unknown = await get('/api/miners/miner-one/standing?verbose=1');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/verbose/);
    expect((await get('/api/miners/-bad-/standing')).statusCode).toBe(400);
  });

  it('answers 304 to a current ETag and a new one once the evaluation changes', async () => {
    const first = await get('/api/miners/miner-one/standing');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\//);
    expect((await get('/api/miners/miner-one/standing', { 'if-none-match': etag })).statusCode).toBe(304);
    await insertPull(t.db, repo, { number: 6, author: 'Miner-One', state: 'closed', closedAt: T0 - DAY });
    await bumpDataVersion(t.db, repo);
    await score('acme/widgets', T0 + HOUR);
    const after = await get('/api/miners/miner-one/standing', { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.json().repos[0]).toMatchObject({ closed: 1, credibility: 0.75, eligible: false, blocked_by: ['credibility_below_min'] });
  });
});

describe('GET /api/repos/{owner}/{name}/pulls/{number}/score', () => {
  it("answers the pull request's entry with its projection", async () => {
    const res = await get('/api/repos/ACME/Widgets/pulls/4/score');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ repo: 'acme/widgets', number: 4, author: 'Miner-One', registered: true, state: 'open', earned: 0, collateral: 4.17, collateral_review: 1 });
    // Merged now: decay 1, its base as it stands.
    expect(body.projection).toMatchObject({ earned_now: 20.87, multipliers: { decay: 1 }, next_drop_at: null });
    expect(body.projection.curve).toMatchObject({ floor: 0.05 });
    expect(Date.parse(body.projection.curve.halves_at) - Date.parse(body.computed_at)).toBe(10 * DAY);
    const merged = (await get('/api/repos/acme/widgets/pulls/1/score')).json();
    expect(merged.projection).toMatchObject({ earned_now: 20.87, next_drop_at: '2026-08-20T22:00:00Z', earned_after_drop: 20.45 });
    const etag = res.headers.etag as string;
    expect((await get('/api/repos/ACME/Widgets/pulls/4/score', { 'if-none-match': etag })).statusCode).toBe(304);
  });

  it('404 for an issue, a missing pull request, one not evaluated yet, and an untracked repository', async () => {
    expect((await get('/api/repos/acme/widgets/pulls/5/score')).json().error.code).toBe('pull_not_found');
    expect((await get('/api/repos/acme/widgets/pulls/999/score')).json().error.code).toBe('pull_not_found');
    await insertPull(t.db, repo, { number: 50, state: 'open' });
    const pending = await get('/api/repos/acme/widgets/pulls/50/score');
    expect(pending.statusCode).toBe(404);
    expect(pending.json().error.code).toBe('score_not_computed');
    expect((await get('/api/repos/acme/nope/pulls/1/score')).json().error.code).toBe('repo_not_tracked');
    expect((await get('/api/repos/acme/widgets/pulls/1/score?x=1')).statusCode).toBe(400);
  });
});

describe('GET /api/repos/{owner}/{name}/policy', () => {
  it('answers every master-list field with its default filled in', async () => {
    await t.db.updateTable('repos').set({ entry: JSON.stringify({ emission_share: 0.2, label_multipliers: { 'eval:*': 2 }, scoring: { time_decay: { grace_period_hours: 4 } }, maintainer_cut: 0.7 }) }).where('name_key', '=', 'acme/gadgets').execute();
    const res = await get('/api/repos/ACME/gadgets/policy');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      repo: 'acme/gadgets', emission_share: 0.2, issue_discovery_share: 0.5, maintainer_cut: 0.5, maintainer_cut_cap: 0.5, fixed_base_score: null,
      label_multipliers: { 'eval:*': 2 }, default_label_multiplier: 1, trusted_label_pipeline: false, additional_acceptable_branches: [], problem: null,
    });
    expect(body.eligibility).toEqual({
      min_valid_merged_prs: 3, min_credibility: 0.8, excessive_pr_penalty_base_threshold: 2, open_pr_threshold_token_score: 300, max_open_pr_threshold: 30,
      min_valid_solved_issues: 3, min_issue_credibility: 0.8, min_token_score_for_valid_issue: 5, open_issue_spam_base_threshold: 2,
      open_issue_spam_token_score_per_slot: 300, max_open_issue_threshold: 30,
    });
    expect(body.scoring).toEqual({
      pr_lookback_days: 30, open_pr_collateral_percent: 0.2, review_penalty_rate: 0.15, standard_issue_multiplier: 1.33, maintainer_issue_multiplier: 1.66,
      src_tok_saturation_scale: 58, time_decay: { grace_period_hours: 4, sigmoid_midpoint_days: 10, sigmoid_steepness: 0.4, min_multiplier: 0.05 },
    });
    const etag = res.headers.etag as string;
    expect((await get('/api/repos/ACME/gadgets/policy', { 'if-none-match': etag })).statusCode).toBe(304);
    expect((await get('/api/repos/acme/nope/policy')).json().error.code).toBe('repo_not_tracked');
    expect((await get('/api/repos/acme/gadgets/policy?x=1')).statusCode).toBe(400);
  });

  it('an entry the rules cannot read gets every default with an emission share of 0, and says why', async () => {
    await t.db.updateTable('repos').set({ entry: JSON.stringify({ emission_share: 0.2, scoring: { pr_lookback_days: 500 } }) }).where('name_key', '=', 'acme/gadgets').execute();
    const body = (await get('/api/repos/acme/gadgets/policy')).json();
    expect(body).toMatchObject({ emission_share: 0, scoring: { pr_lookback_days: 30 } });
    expect(body.problem).toMatch(/pr_lookback_days must be within \[1, 90\], got 500/);
  });
});
