import { describe, expect, it } from 'vitest';
import { DAY, HOUR, linked, MINER, NOW, policy, pull, times } from '../../test/subnet-factories.ts';
import type { PullFact } from './facts.ts';
import { evaluateMiner, evaluateRepo } from './evaluate.ts';

// Base of a pull request with S = 100 source tokens and T = 100 tokens under the defaults:
// 25 · (1 − e^(−100/58)) = 20.5413…, bonus round(100/1500 · 5, 2) = 0.33, base round(20.8713…, 2).
const BASE = 20.87;
const ev = (pulls: PullFact[], entry: Record<string, unknown> = {}) => evaluateRepo(policy(entry), NOW, MINER, pulls, []);
const byNumber = (s: ReturnType<typeof ev>, n: number) => s.pulls.find((p) => p.number === n)!;

describe('evaluateRepo: pull requests', () => {
  it('a repository with pure defaults: three merged, one open', () => {
    expect(Math.round((25 * (1 - Math.exp(-100 / 58)) + 0.33) * 100) / 100).toBe(BASE);
    const merged = times(3, () => pull());
    const open = pull({ state: 'open' });
    const s = ev([...merged, open]);
    expect(s).toMatchObject({ eligible: true, merged: 3, closed: 0, open: 1, credibility: 1, openPrThreshold: 3, openPrSlotsLeft: 2, openPrCliff: false });
    expect(byNumber(s, merged[0]!.number)).toMatchObject({ state: 'merged', counted: true, excluded: null, base: BASE, multipliers: { issue: 1, label: 1, decay: 1, review: 1, spam: 1 }, reasons: [] });
    expect(s.earned).toBeCloseTo(3 * BASE, 10);
    expect(byNumber(s, open.number).collateral).toBeCloseTo(BASE * 0.2, 10);
    expect(s.total).toBeCloseTo(3 * BASE - BASE * 0.2, 10);
  });

  it('a repository with a fixed base of 1, eval:* labels and a default label multiplier of 0', () => {
    const entry = { fixed_base_score: 1, default_label_multiplier: 0, label_multipliers: { 'eval:none': 0, 'eval:low': 1, 'eval:high': 4 } };
    const high = pull({ labels: [{ name: 'eval:high', actorAssociation: 'MEMBER' }] });
    const none = pull({ labels: [{ name: 'eval:none', actorAssociation: 'OWNER' }] });
    const unlabelled = pull();
    const low = pull({ labels: [{ name: 'eval:low', actorAssociation: 'COLLABORATOR' }] });
    const s = ev([high, none, unlabelled, low], entry);
    expect(byNumber(s, high.number)).toMatchObject({ base: 1, multipliers: { label: 4 }, earned: 4 });
    expect(byNumber(s, none.number)).toMatchObject({ earned: 0, reasons: ['label_multiplier_zero'] });
    expect(byNumber(s, unlabelled.number)).toMatchObject({ earned: 0, reasons: ['label_multiplier_zero'] });
    expect(byNumber(s, unlabelled.number).explain[0]!.lever).toBe('ask a maintainer to apply a label');
    expect(s.total).toBe(1 * 4 + 0 + 0 + 1 * 1);
  });

  it('a per-repository decay override: grace 4 h, midpoint 3.33 days, steepness 1.2', () => {
    const entry = { scoring: { time_decay: { grace_period_hours: 4, sigmoid_midpoint_days: 3.33, sigmoid_steepness: 1.2 } } };
    const old = pull({ mergedAt: NOW - 5 * DAY });
    const fresh = pull({ mergedAt: NOW - 3 * HOUR });
    const s = ev([old, fresh, pull()], entry);
    const decay = Math.round((1 / (1 + Math.exp(1.2 * (5 - 3.33)))) * 100) / 100; // 0.12
    expect(byNumber(s, old.number).multipliers.decay).toBe(decay);
    expect(byNumber(s, old.number).earned).toBeCloseTo(BASE * decay, 10);
    expect(byNumber(s, old.number).reasons).toEqual([]); // decay is a factor, not a "no": the projection explains it
    expect(byNumber(s, fresh.number).multipliers.decay).toBe(1);
  });

  it('the cliff fires exactly one open pull request past the threshold', () => {
    // Σ tokens 3 × 100 = 300 → threshold min(2 + ⌊300 / 300⌋, 30) = 3.
    const merged = times(3, () => pull());
    const atThreshold = ev([...merged, ...times(3, () => pull({ state: 'open' }))]);
    expect(atThreshold).toMatchObject({ openPrThreshold: 3, openPrSlotsLeft: 0, openPrCliff: false });
    expect(atThreshold.earned).toBeCloseTo(3 * BASE, 10);

    const past = ev([...merged, ...times(4, () => pull({ state: 'open' }))]);
    expect(past).toMatchObject({ openPrThreshold: 3, openPrCliff: true, earned: 0, total: 0 });
    for (const m of merged) expect(byNumber(past, m.number)).toMatchObject({ multipliers: { spam: 0 }, earned: 0, reasons: ['open_pr_cliff'] });
    expect(past.blockedBy.map((r) => [r.code, r.lever])).toEqual([['open_pr_cliff', 'close 1 open PR']]);
  });

  it('collateral of an open pull request with changes requested and a valid open issue', () => {
    const open = pull({ state: 'open', maintainerChangesRequested: 2, linkedIssues: [linked({ state: 'open', stateReason: null, closedAt: null })] });
    const s = ev([...times(3, () => pull()), open]);
    const held = BASE * 1.33 * 1 * Math.min(2, 1 + 0.15 * 2) * 0.2;
    expect(byNumber(s, open.number)).toMatchObject({ state: 'open', multipliers: { issue: 1.33, label: 1 }, collateralReview: 1.3, reasons: ['changes_requested'] });
    expect(byNumber(s, open.number).collateral).toBeCloseTo(held, 10);
    expect(s.total).toBeCloseTo(3 * BASE - held, 10);
  });

  it('collateral never leaves a negative total', () => {
    const s = ev([...times(3, () => pull({ mergedAt: NOW - 20 * DAY })), ...times(3, () => pull({ state: 'open', tokenScore: 3000, sourceTokenScore: 3000, totalTokenScore: 3000 }))]);
    expect(s.earned).toBeCloseTo(3 * BASE * 0.05, 10);
    expect(s.collateral).toBeCloseTo(3 * 30 * 0.2, 10);
    expect(s.total).toBe(0);
  });

  it('an issue closed 25 hours after the merge earns no bonus', () => {
    const mergedAt = NOW - 30 * HOUR;
    const late = pull({ mergedAt, linkedIssues: [linked({ closedAt: mergedAt + 25 * HOUR })] });
    const inTime = pull({ mergedAt, linkedIssues: [linked({ closedAt: mergedAt + 23 * HOUR })] });
    const s = ev([late, inTime, pull()]);
    const decay = Math.round((1 / (1 + Math.exp(0.4 * (30 / 24 - 10)))) * 100) / 100; // 0.97
    expect(byNumber(s, late.number)).toMatchObject({ multipliers: { issue: 1, decay }, reasons: ['issue_closed_late'] });
    expect(byNumber(s, inTime.number).multipliers.issue).toBe(1.33);
    expect(byNumber(s, inTime.number).earned).toBeCloseTo(BASE * 1.33 * decay, 10);
  });

  it('a self-merged pull request counts only with an approval', () => {
    const unapproved = pull({ mergedByLogin: MINER.login, approvals: 0 });
    const approved = pull({ mergedByLogin: MINER.login, approvals: 1 });
    const s = ev([unapproved, approved, pull(), pull()]);
    expect(byNumber(s, unapproved.number)).toMatchObject({ counted: false, excluded: 'self_merged_unapproved', earned: 0 });
    expect(byNumber(s, approved.number)).toMatchObject({ counted: true, excluded: null, earned: BASE });
    expect(s.merged).toBe(3);
  });

  it('a maintainer-authored pull request is dropped entirely', () => {
    const mine = pull({ authorAssociation: 'MEMBER' });
    const openMine = pull({ state: 'open', authorAssociation: 'OWNER' });
    const s = ev([mine, openMine, ...times(3, () => pull())]);
    expect(byNumber(s, mine.number)).toMatchObject({ counted: false, excluded: 'maintainer_author' });
    expect(byNumber(s, openMine.number)).toMatchObject({ counted: false, excluded: 'maintainer_author', collateral: 0 });
    expect(s).toMatchObject({ merged: 3, open: 0 });
  });

  it('credibility exactly at 0.80 is eligible; one closed more is not', () => {
    const at = ev([...times(4, () => pull()), pull({ state: 'closed' })]);
    expect(at).toMatchObject({ eligible: true, merged: 4, closed: 1, credibility: 0.8 });
    expect(at.gates.credibilityGate).toEqual({ value: 0.8, threshold: 0.8, ok: true });
    const below = ev([...times(4, () => pull()), pull({ state: 'closed' }), pull({ state: 'closed' })]);
    expect(below).toMatchObject({ eligible: false, total: 0 });
    expect(below.blockedBy.map((r) => [r.code, r.lever])).toEqual([['credibility_below_min', 'merge 4 more']]); // 8 / 10
  });

  it('below the merged minimum: earnings are shown but the total is 0, with the lever', () => {
    const s = ev([pull(), pull()]);
    expect(s).toMatchObject({ eligible: false, merged: 2, total: 0 });
    expect(s.earned).toBeCloseTo(2 * BASE, 10);
    expect(s.gates.merged).toEqual({ value: 2, threshold: 3, ok: false });
    expect(s.blockedBy.map((r) => [r.code, r.lever])).toEqual([['below_min_merged', 'merge 1 more']]);
    expect(s.pulls[0]!.reasons).toEqual(['below_min_merged']);
  });

  it('per-repository eligibility: one merged pull request is enough where the minimum is 1', () => {
    expect(ev([pull()], { eligibility: { min_valid_merged_prs: 1 } }).eligible).toBe(true);
  });

  it('the window: merged by merge time, closed by creation, per-repository length', () => {
    const oldMerge = pull({ createdAt: NOW - 40 * DAY, mergedAt: NOW - 31 * DAY });
    const recentMergeOfOldPr = pull({ createdAt: NOW - 40 * DAY, mergedAt: NOW - 29 * DAY });
    const oldClosed = pull({ state: 'closed', createdAt: NOW - 31 * DAY, closedAt: NOW - DAY });
    const s = ev([oldMerge, recentMergeOfOldPr, oldClosed]);
    expect(byNumber(s, oldMerge.number).excluded).toBe('outside_window');
    expect(byNumber(s, recentMergeOfOldPr.number).counted).toBe(true);
    expect(byNumber(s, oldClosed.number).excluded).toBe('outside_window');
    expect(ev([oldMerge], { scoring: { pr_lookback_days: 45 } }).merged).toBe(1);
  });

  it('a merged pull request with no merge time is dropped by the gate, not the window', () => {
    // It used to read as outside_window: with no merge time it had no anchor in the window.
    const p = pull({ mergedAt: null });
    expect(byNumber(ev([p]), p.number)).toMatchObject({ counted: false, excluded: 'merge_time_missing' });
  });

  it('an edit after merge voids only the issue bonus', () => {
    const edited = pull({ editedAfterMerge: true, linkedIssues: [linked()] });
    const s = ev([edited, pull(), pull()]);
    expect(byNumber(s, edited.number)).toMatchObject({ counted: true, multipliers: { issue: 1 }, earned: BASE, reasons: ['edited_after_merge'] });
  });

  it('a label applied by a contributor names the lever', () => {
    const p = pull({ labels: [{ name: 'feature', actorAssociation: 'CONTRIBUTOR' }] });
    const s = ev([p, pull(), pull()], { label_multipliers: { feature: 2 } });
    const r = byNumber(s, p.number);
    expect(r).toMatchObject({ multipliers: { label: 1 }, reasons: ['label_not_by_maintainer'] });
    expect(r.explain[0]!.lever).toBe('ask a maintainer to apply a label');
  });

  it('merged into an unaccepted branch: dropped, and not counted as closed either', () => {
    const p = pull({ baseRef: 'gh-pages' });
    const s = ev([p, ...times(3, () => pull())]);
    expect(byNumber(s, p.number).excluded).toBe('branch_not_accepted');
    expect(s).toMatchObject({ merged: 3, closed: 0, credibility: 1 });
  });

  it('every factor multiplies: issue by a maintainer, label, decay, review', () => {
    const p = pull({ mergedAt: NOW - 5 * DAY, maintainerChangesRequested: 1, labels: [{ name: 'bug', actorAssociation: 'OWNER' }], linkedIssues: [linked({ authorAssociation: 'OWNER', closedAt: NOW - 5 * DAY + HOUR })] });
    const s = ev([p, pull(), pull()], { label_multipliers: { bug: 1.5 } });
    expect(byNumber(s, p.number).multipliers).toEqual({ issue: 1.66, label: 1.5, decay: 0.88, review: 0.85, spam: 1 });
    expect(byNumber(s, p.number).earned).toBeCloseTo(BASE * 1.66 * 1.5 * 0.88 * 0.85, 10);
  });

  it('several miners on one GitHub account: everything is zeroed', () => {
    const s = evaluateRepo(policy(), NOW, { ...MINER, duplicateAccount: true }, times(3, () => pull()), []);
    expect(s).toMatchObject({ eligible: false, total: 0 });
    expect(s.blockedBy[0]!.code).toBe('duplicate_account');
    expect(s.pulls.every((p) => p.earned === 0 && p.reasons[0] === 'duplicate_account')).toBe(true);
  });
});

describe('evaluateMiner', () => {
  it('is eligible when any repository is', () => {
    const m = evaluateMiner(MINER, NOW, [
      { policy: policy({}, 'acme/a'), pulls: [pull()], issues: [] },
      { policy: policy({}, 'acme/b'), pulls: times(3, () => pull({ repoFullName: 'acme/b' })), issues: [] },
    ]);
    expect(m.repos.map((r) => [r.repo, r.eligible])).toEqual([
      ['acme/a', false],
      ['acme/b', true],
    ]);
    expect(m).toMatchObject({ login: MINER.login, githubId: MINER.githubId, eligible: true, issueEligible: false });
  });
});
