/**
 * End to end: a simulated GitHub, the worker's real path (sync with its facts,
 * token scores, the scoring job) and the server's standing route, checked
 * against numbers worked out by hand from docs/scoring.md, never by the rules
 * engine.
 *
 * One miner (a contributor of entrius/gittensor, author of nothing else there)
 * has, at NOW: three merged pull requests of different ages, one closed, open
 * ones up to exactly the open-PR threshold, one merged by its own author with
 * no approval, one merged into a branch that is not accepted, and one merged
 * before the window. Every pull request is scripted (`createPull` with an
 * author: no generated labels, reviews or edits; a body without links) and its
 * only file is an added Python file of N identical-shaped functions, whose
 * token score follows from the weight tables.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepoEntry, ScoredPullEntry } from '../core/scoring/entries.ts';
import { buildServer } from '../server/app.ts';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { scoreAfterSync } from './scoring.job.ts';
import { syncThenRelink } from './sync-pass.ts';
import { scoreRepoTokens } from './token-scores.job.ts';
import { ThreadTokenScorer } from './token-scorer.ts';

const REPO = 'entrius/gittensor';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * N functions `def step_k():\n    value = compute([1, 2])\n    assert value == 3`, added.
 * Per function (Python's weights): structural function_definition 2.0 + assignment 0.2 + call 0.4 +
 * assert_statement 0.25 = 2.85; leaves 4 identifiers × 0.07 + 3 integers × 0.03 = 0.37; 3.22 in all,
 * × 1.75 (Python) = 5.635. A source file only: S = T = token_score = 5.635 · N.
 */
const pythonFile = (n: number): string => Array.from({ length: n }, (_, k) => `def step_${k}():\n    value = compute([1, 2])\n    assert value == 3\n\n\n`).join('');

/**
 * The master-list entry of entrius/gittensor under seed 7 (asserted below, so a change of the
 * simulator's list shows here first): default label multiplier 1, min_valid_merged_prs 2,
 * min_credibility 0.5, excessive_pr_penalty_base_threshold 3, max_open_pr_threshold 10,
 * open_pr_threshold_token_score 300 (default), pr_lookback_days 14, open_pr_collateral_percent 0.20
 * (default), src_tok_saturation_scale 58 (default), decay grace 24 h, midpoint 14 days, steepness 0.5,
 * floor 0.05; no additional acceptable branch (so `test` is not accepted).
 */
const SEED = 7;

describe('a miner standing, end to end against the simulator', () => {
  let h: SyncHarness;
  const scorer = new ThreadTokenScorer();
  afterAll(() => scorer.close());
  beforeEach(async () => {
    h = await createSyncHarness({ seed: SEED, repos: 1, itemsPerRepo: 40 });
  });
  afterEach(() => h.dispose());

  const now = () => h.sim.clock.now();
  const at = (t: number) => {
    expect(t).toBeGreaterThanOrEqual(now());
    h.sim.clock.advance(t - now());
  };

  /** The worker's path, as its jobs run it (tasks.ts): the sync pass and its standings, then the token scores and the standings again. */
  async function workerPass(between?: () => Promise<void>): Promise<void> {
    const deps = { db: h.database.db, logger: h.logs.logger, now };
    const outcome = await syncThenRelink({ db: h.database.db, gateway: h.gateway, logger: h.logs.logger, reconcileHours: 24, graphqlState: { unavailableUntil: 0 }, graphqlPerPass: 10_000 }, REPO);
    expect(outcome.ok).toBe(true);
    await scoreAfterSync(deps, REPO);
    await between?.();
    const tokens = await scoreRepoTokens({ db: h.database.db, gateway: h.gateway, mirror: null, scorer, logger: h.logs.logger, quotaPerPass: 100_000, now }, REPO);
    expect(tokens.failed).toBe(0);
    if (tokens.scored > 0) await scoreAfterSync(deps, REPO);
  }

  async function standingOf(login: string): Promise<{ eligible: boolean; repos: RepoEntry[] }> {
    const app = await buildServer({ db: h.database.db, dialect: h.database.dialect, config: h.config, logger: h.logs.logger, webRoot: null, databasePath: null });
    try {
      const res = await app.inject({ method: 'GET', url: `/api/miners/${login}/standing` });
      expect(res.statusCode).toBe(200);
      return res.json() as { eligible: boolean; repos: RepoEntry[] };
    } finally {
      await app.close();
    }
  }

  async function pullScore(n: number): Promise<ScoredPullEntry> {
    const app = await buildServer({ db: h.database.db, dialect: h.database.dialect, config: h.config, logger: h.logs.logger, webRoot: null, databasePath: null });
    try {
      const res = await app.inject({ method: 'GET', url: `/api/repos/${REPO}/pulls/${n}/score` });
      expect(res.statusCode).toBe(200);
      return res.json() as ScoredPullEntry;
    } finally {
      await app.close();
    }
  }

  it('every number of the standing as the rules give it; one more open pull request after a sync fires the cliff', async () => {
    const world = h.sim.dataset.world;
    const state = world.repo(REPO);
    const repoIndex = state.meta.index;

    // The policy the test relies on.
    const list = (await (await fetch(h.sim.masterListUrl('current'))).json()) as Record<string, Record<string, unknown>>;
    const entry = Object.entries(list).find(([k]) => k.toLowerCase() === REPO)![1];
    expect(entry).toMatchObject({
      default_label_multiplier: 1,
      eligibility: { min_valid_merged_prs: 2, min_credibility: 0.5, excessive_pr_penalty_base_threshold: 3, max_open_pr_threshold: 10 },
      scoring: { pr_lookback_days: 14, time_decay: { grace_period_hours: 24, sigmoid_midpoint_days: 14, sigmoid_steepness: 0.5, min_multiplier: 0.05 } },
    });
    expect(entry.additional_acceptable_branches).toBeUndefined();
    expect((entry.eligibility as Record<string, unknown>).open_pr_threshold_token_score).toBeUndefined();
    expect((entry.scoring as Record<string, unknown>).open_pr_collateral_percent).toBeUndefined();
    expect((entry.scoring as Record<string, unknown>).src_tok_saturation_scale).toBeUndefined();
    expect(state.meta.branches).toContain('test');

    // The miner: a person (no bot, mannequin or ghost) who contributes to the repository without write
    // access and has written none of its generated items.
    const authors = new Set<number>();
    for (let i = 0; i < state.items.count; i++) authors.add(state.items.author[i]!);
    let minerIndex = -1;
    for (let u = world.users.generalStart; u < world.users.generalStart + world.users.generalCount(); u++) {
      if (authors.has(u) || world.facts.isMaintainer(repoIndex, u)) continue;
      if (world.users.associationOf(u, repoIndex, SEED) !== 'CONTRIBUTOR') continue;
      minerIndex = u;
      break;
    }
    expect(minerIndex).toBeGreaterThanOrEqual(0);
    const miner = world.users.get(minerIndex).login;

    const NOW = now() + 20 * DAY;
    const pull = (blocks: number, opts: { base?: string } = {}): number => {
      const n = h.sim.mutate.createPull(REPO, { author: miner, want: 'no-links', ...opts }).number;
      h.sim.mutate.setFiles(REPO, n, [{ filename: `src/step_${n}.py`, base: null, head: pythonFile(blocks) }]);
      return n;
    };
    const mergedAt = (age: number, blocks: number, opts: { base?: string; byAuthor?: boolean } = {}): number => {
      at(NOW - age - HOUR);
      const n = pull(blocks, opts);
      at(NOW - age);
      h.sim.mutate.merge(REPO, n, opts.byAuthor ? { by: miner } : {});
      return n;
    };

    // In time order (the clock only moves forward).
    const outside = mergedAt(19.5 * DAY, 40); // before the 14-day window
    const c = mergedAt(12 * DAY, 30);
    at(NOW - 11.5 * DAY);
    const closed = pull(5);
    at(NOW - 11 * DAY);
    h.sim.mutate.close(REPO, closed);
    const selfMerged = mergedAt(10 * DAY, 40, { byAuthor: true });
    const b = mergedAt(8 * DAY, 20);
    const otherBranch = mergedAt(5 * DAY, 40, { base: 'test' });
    at(NOW - 4 * DAY);
    const p1 = pull(5);
    at(NOW - 3 * DAY);
    const p2 = pull(5);
    const a = mergedAt(2 * DAY, 10);
    at(NOW - 1.5 * DAY);
    const p3 = pull(5);
    at(NOW - 0.5 * DAY);
    const p4 = pull(5);
    at(NOW);

    await workerPass(async () => {
      // Before the token scores: counted with what is known (base 0) and marked pending, never a final zero.
      // The pull request outside the window is never scored, and no rule reads its tokens: not pending.
      const early = (await standingOf(miner)).repos[0]!;
      expect(early.pending_pulls).toBe(7);
      expect(early.pulls.find((p) => p.number === a)).toMatchObject({ base: 0, pending: ['token_score_pending'] });
      expect(early.pulls.find((p) => p.number === outside)).toMatchObject({ excluded: 'outside_window', pending: [] });
    });
    const first = await standingOf(miner);
    expect(first.repos.map((r) => r.repo)).toEqual([REPO]);
    const s = first.repos[0]!;

    // Counts: merged A, B, C (the self-merged, other-branch and outside-window ones are dropped: neither
    // merged nor closed); closed 1; open 4. Credibility = 3 / (3 + 1) = 0.75 ≥ 0.5 and 3 ≥ 2 merged: eligible.
    expect(s).toMatchObject({ merged: 3, closed: 1, open: 4, credibility: 0.75, eligible: true, blocked_by: [], pending_pulls: 0 });
    expect(first.eligible).toBe(true);
    // Threshold = min(3 + ⌊Σ token score of the counted merged / 300⌋, 10), Σ = 5.635 · (30 + 20 + 10) = 338.1:
    // 3 + 1 = 4. (Counting the three dropped ones too, 40 functions each, would give 3 + ⌊1014.3 / 300⌋ = 6.)
    // Four open: no cliff, no slot left.
    expect(s).toMatchObject({ open_pr_threshold: 4, open_pr_slots_left: 0, open_pr_cliff: false });

    // base = round(25 · (1 − e^(−S/58)) + round(min(1, T/1500) · 5, 2), 2), S = T = 5.635 · N:
    //   N = 30, S = 169.05: 25 · (1 − e^(−2.91466)) = 23.6444, bonus round(0.5635, 2) = 0.56 → 24.20
    //   N = 20, S = 112.70: 21.4185 + round(0.37567, 2) = 0.38 → 21.80
    //   N = 10, S = 56.35:  15.5376 + round(0.18783, 2) = 0.19 → 15.73
    //   N = 5,  S = 28.175: 9.6195 + round(0.09392, 2) = 0.09 → 9.71
    // decay = max(1 / (1 + e^(0.5 · (d − 14))), 0.05) past the 24 h grace, to 2 decimals:
    //   d = 12: 1 / (1 + e^(−1)) = 0.7311 → 0.73;  d = 8: 1 / (1 + e^(−3)) = 0.9526 → 0.95;  d = 2: 0.9975 → 1.00
    // No linked issue (1), no label (the default 1), no request for changes (1), no cliff (1).
    const pulls = new Map(s.pulls.map((p) => [p.number, p]));
    expect(s.pulls.map((p) => p.number)).toEqual([outside, c, closed, selfMerged, b, otherBranch, p1, p2, a, p3, p4]);
    const mergedEntry = (base: number, decay: number, tokens: number) => ({
      state: 'merged', counted: true, excluded: null, base, multipliers: { issue: 1, label: 1, decay, review: 1, spam: 1 }, collateral: 0, reasons: [], pending: [], token_score: tokens,
    });
    expect(pulls.get(c)).toMatchObject(mergedEntry(24.2, 0.73, 169.05));
    expect(pulls.get(b)).toMatchObject(mergedEntry(21.8, 0.95, 112.7));
    expect(pulls.get(a)).toMatchObject(mergedEntry(15.73, 1, 56.35));
    // earned = base × issue × label × spam × decay × review: 24.20 × 0.73 = 17.666, 21.80 × 0.95 = 20.71, 15.73 × 1 = 15.73.
    expect(pulls.get(c)!.earned).toBeCloseTo(17.67, 2);
    expect(pulls.get(b)!.earned).toBeCloseTo(20.71, 2);
    expect(pulls.get(a)!.earned).toBeCloseTo(15.73, 2);

    // Dropped: no base, no factor, no score, the reason.
    const droppedEntry = (code: string) => ({ state: 'merged', counted: false, excluded: code, base: 0, earned: 0, collateral: 0, reasons: [code], pending: [], multipliers: { issue: 1, label: 1, decay: 1, review: 1, spam: 1 } });
    expect(pulls.get(outside)).toMatchObject(droppedEntry('outside_window'));
    expect(pulls.get(selfMerged)).toMatchObject(droppedEntry('self_merged_unapproved'));
    expect(pulls.get(otherBranch)).toMatchObject(droppedEntry('branch_not_accepted'));
    // Closed: counted (in credibility), earning nothing.
    expect(pulls.get(closed)).toMatchObject({ state: 'closed', counted: true, excluded: null, base: 0, earned: 0, collateral: 0, reasons: [] });

    // Open: collateral = base × issue × label × min(2, 1 + 0.2 · 0) × 0.20 = 9.71 × 0.2 = 1.942 each.
    for (const n of [p1, p2, p3, p4]) {
      expect(pulls.get(n)).toMatchObject({ state: 'open', counted: true, excluded: null, base: 9.71, earned: 0, collateral_review: 1, reasons: [], pending: [], token_score: 28.18 });
      expect(pulls.get(n)!.collateral).toBeCloseTo(1.94, 2);
    }
    // Repository: earned 17.666 + 20.71 + 15.73 = 54.106; collateral 4 × 1.942 = 7.768; total 54.106 − 7.768 = 46.338.
    expect(s.earned).toBeCloseTo(54.11, 2);
    expect(s.collateral).toBeCloseTo(7.77, 2);
    expect(s.total).toBeCloseTo(46.34, 2);

    // The score route gives the same entry.
    expect(await pullScore(c)).toMatchObject({ ...mergedEntry(24.2, 0.73, 169.05) });

    // One more open pull request, an hour later, and a sync: five open over a threshold of 4.
    at(NOW + HOUR);
    const p5 = pull(5);
    await workerPass();
    const after = (await standingOf(miner)).repos[0]!;
    // Decay an hour later: d = 12.04: 0.7269 → 0.73; 8.04: 0.9516 → 0.95; 2.04: 0.9975 → 1.00 (unchanged).
    // The cliff zeroes every merged pull request (spam 0) and blocks the repository; eligibility stands.
    expect(after).toMatchObject({ merged: 3, closed: 1, open: 5, credibility: 0.75, eligible: true, open_pr_threshold: 4, open_pr_cliff: true, blocked_by: ['open_pr_cliff'] });
    for (const n of [a, b, c]) {
      const p = after.pulls.find((x) => x.number === n)!;
      expect(p).toMatchObject({ counted: true, earned: 0, multipliers: { spam: 0 }, reasons: ['open_pr_cliff'] });
    }
    expect(after.blocked_by_explain[0]!.lever).toBe('close 1 open PR');
    expect(after.pulls.find((x) => x.number === p5)).toMatchObject({ state: 'open', base: 9.71 });
    // earned 0; collateral 5 × 1.942 = 9.71; total max(0, 0 − 9.71) = 0.
    expect(after.earned).toBe(0);
    expect(after.collateral).toBeCloseTo(9.71, 2);
    expect(after.total).toBe(0);
  }, 120_000);
});
