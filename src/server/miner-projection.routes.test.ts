import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePrice } from '../db/subnet-state.queries.ts';
import { captureLogger } from '../test/logs.ts';
import { at, DAY, HOUR, insertPull, registerMiner, scoringRepo, T0 } from '../test/scoring-store.ts';
import { scoreRepository } from '../sync/scoring.job.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
const score = (key: string) => scoreRepository({ db: t.db, logger: captureLogger('silent').logger, now: () => T0 }, key);
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  t = await startTestApp();
  const widgets = await scoringRepo(t.db, 'acme/widgets');
  // Nobody scores in gadgets: its share flows to widgets (docs/scoring.md, "Emission").
  await scoringRepo(t.db, 'acme/gadgets');
  await registerMiner(t.db, 1, 'Miner-One', 'id-miner-one');
  // Three merged 2 h before T0 (within grace) and one open: 3 × 20.87 − 4.174 collateral = 58.436.
  for (const n of [1, 2, 3]) await insertPull(t.db, widgets, { number: n, author: 'Miner-One', mergedAt: T0 - 2 * HOUR });
  await insertPull(t.db, widgets, { number: 4, author: 'Miner-One', state: 'open' });
  // Three merged 20 days before: decay at its floor 0.05, 3 × 20.87 × 0.05 = 3.1305.
  for (const n of [11, 12, 13]) await insertPull(t.db, widgets, { number: n, author: 'old-timer', createdAt: T0 - 21 * DAY, mergedAt: T0 - 20 * DAY });
  // One merged pull request: below the gate of 3.
  await insertPull(t.db, widgets, { number: 21, author: 'newbie', mergedAt: T0 - 2 * HOUR });
  await score('acme/widgets');
  await score('acme/gadgets');
});
afterAll(async () => t.close());

describe('GET /api/miners/{login}/projection', () => {
  it('answers "price unknown" (nulls) before the prices are mirrored, with the share of emission still worked out', async () => {
    const res = await get('/api/miners/miner-one/projection');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.prices).toEqual({ alpha_per_day: null, alpha_tao: null, tao_usd: null, known: false });
    // Widgets' slice: its own 0.1 × 0.90 plus gadgets' idle 0.1 × 0.90 = 0.18; no issue scorer, so all of it is the PR pool.
    // Miner-One's part: 0.18 × 58.44 / (58.44 + 3.13) = 0.170849…
    expect(body.points[0]).toEqual({ day: 0, at: at(T0), share: 0.17084944, alpha: null, tao: null, usd: null });
  });

  it('converts with the mirrored prices, per repository and in all, today and as decay bites', async () => {
    await savePrice(t.db, { name: 'alpha_emission_per_day', value: 7200, source: 'test', observedAt: null, now: at(T0) });
    await savePrice(t.db, { name: 'alpha_tao', value: 0.01, source: 'test', observedAt: null, now: at(T0) });
    await savePrice(t.db, { name: 'tao_usd', value: 400, source: 'test', observedAt: null, now: at(T0) });
    const body = (await get('/api/miners/Miner-One/projection')).json();
    expect(body).toMatchObject({ login: 'Miner-One', github_id: 'id-miner-one', computed_at: at(T0), days: [0, 1, 2, 3, 5, 7, 10, 14, 21, 30], prices: { known: true } });
    // 0.17084944 × 7200 = 1230.116 alpha; × 0.01 = 12.3012 TAO; × 400 = 4920.46 $.
    expect(body.points[0]).toEqual({ day: 0, at: at(T0), share: 0.17084944, alpha: 1230.116, tao: 12.3012, usd: 4920.46 });
    // A day on (26 h after the merges): decay 1 / (1 + e^(0.4 · (26/24 − 10))) = 0.9725 → 0.97, so
    // 3 × 20.87 × 0.97 − 4.174 = 56.5577 → 56.56; old-timer stays at the floor, 3.13.
    // 0.18 × 56.56 / 59.69 = 0.17056123; × 7200 = 1228.0409; × 0.01 = 12.2804; × 400 = 4912.16.
    expect(body.points[1]).toEqual({ day: 1, at: at(T0 + DAY), share: 0.17056123, alpha: 1228.0409, tao: 12.2804, usd: 4912.16 });
    expect(body.repos).toHaveLength(1);
    const r = body.repos[0];
    expect(r).toMatchObject({ repo: 'acme/widgets', emission_share: 0.1, gates: { min_merged: 3, min_credibility: 0.8, min_solved: 3, min_issue_credibility: 0.8 }, pr_pool_share: 0.9492, issue_pool_share: null, official: null });
    expect(r.points[1]).toMatchObject({ pr_total: 56.56, repo_pr_total: 59.69, issue_total: 0, share: 0.17056123 });
    // 30 days on, the merges are 30 days + 22 h old: past the 30-day lookback, none counts; the miner is no longer eligible.
    expect(r.points[9]).toMatchObject({ day: 30, pr_total: 0, share: 0, usd: 0 });
  });

  it("sets the validators' own scores beside the hub's", async () => {
    await t.db
      .insertInto('subnet_miner_repos')
      .values({ repo_key: 'acme/widgets', github_id: 'id-miner-one', uid: 1, total_score: 50.5, total_merged_prs: 3, total_closed_prs: 0, total_open_prs: 1, is_eligible: 1, credibility: 1, updated_at: at(T0) })
      .execute();
    await t.db
      .insertInto('subnet_pr_scores')
      .values({ repo_key: 'acme/widgets', number: 1, repository: 'acme/widgets', github_id: 'id-miner-one', pr_state: 'MERGED', merged_at: at(T0 - 2 * HOUR), score: 18, linked_issues: '[]', updated_at: at(T0) })
      .execute();
    const body = (await get('/api/miners/miner-one/projection')).json();
    expect(body.official_total).toBe(50.5);
    expect(body.repos[0].official).toEqual({ total_score: 50.5, is_eligible: true, credibility: 1, merged: 3, open: 1 });
    expect(body.official_pulls).toEqual([{ repo: 'acme/widgets', number: 1, score: 18, collateral: null }]);
  });

  it('404 miner_not_found for a login never seen, 400 for a bad login or query, 304 to a current ETag', async () => {
    expect((await get('/api/miners/nobody-here/projection')).json().error.code).toBe('miner_not_found');
    expect((await get('/api/miners/-bad-/projection')).statusCode).toBe(400);
    expect((await get('/api/miners/miner-one/projection?x=1')).statusCode).toBe(400);
    const etag = (await get('/api/miners/miner-one/projection')).headers.etag as string;
    expect((await get('/api/miners/miner-one/projection', { 'if-none-match': etag })).statusCode).toBe(304);
  });
});

describe('reason words in the standing', () => {
  it('every explained reason carries reason_text beside its code, detail and lever', async () => {
    const body = (await get('/api/miners/newbie/standing')).json();
    expect(body.repos[0].blocked_by_explain[0]).toEqual({
      code: 'below_min_merged',
      reason_text: 'Too few merged pull requests to be eligible',
      detail: '1 merged pull request, 3 needed',
      lever: 'merge 2 more',
    });
  });
});
