import { describe, expect, it } from 'vitest';
import { DAY, HOUR, linked, NOW, policy, pull } from '../../test/subnet-factories.ts';
import { baseScore } from './base-score.ts';
import { cliffState } from './cliff.ts';
import { decayFactor } from './decay.ts';
import { eligibility } from './eligibility.ts';
import { mergeGate } from './merge-gate.ts';
import { issueFactor, labelFactor, reviewCollateralFactor, reviewFactor } from './multipliers.ts';

// Python's round(x, 2) for the values used here (checked against CPython by hand).
const sigmoid = (days: number, k = 0.4, m = 10) => 1 / (1 + Math.exp(k * (days - m)));

describe('merge gate', () => {
  const p = policy({ additional_acceptable_branches: ['*-dev', 'staging'] });
  const plain = policy();
  it.each([
    ['a merge by a maintainer into main', {}, plain, null],
    ['no merge time', { mergedAt: null }, plain, 'merge_time_missing'],
    ['self-merged without an approval', { mergedByLogin: 'miner-one', approvals: 0 }, plain, 'self_merged_unapproved'],
    ['self-merged (login case differs) without an approval', { mergedByLogin: 'Miner-One', approvals: 0 }, plain, 'self_merged_unapproved'],
    ['self-merged with an approval', { mergedByLogin: 'miner-one', approvals: 1 }, plain, null],
    ['merged into another branch', { baseRef: 'develop' }, plain, 'branch_not_accepted'],
    ['merged into an accepted pattern', { baseRef: '3.1-dev' }, p, null],
    ['unknown default branch, base main', { defaultBranch: null }, plain, null],
    ['unknown default branch, base master', { defaultBranch: null, baseRef: 'master' }, plain, 'branch_not_accepted'],
    ['a default branch other than main', { defaultBranch: 'master', baseRef: 'master' }, plain, null],
    ['branch names compare case-sensitively', { baseRef: 'Main' }, plain, 'branch_not_accepted'],
    ['a same-repository head that is itself accepted', { headRepoFullName: 'acme/widgets', headRef: 'staging' }, p, 'head_branch_accepted'],
    ['a same-repository head from the default branch', { headRepoFullName: 'acme/widgets', headRef: 'main', baseRef: '3.1-dev' }, p, 'head_branch_accepted'],
    ['a fork head with an accepted name', { headRepoFullName: 'fork/widgets', headRef: 'staging' }, p, null],
    ['an unknown head repository skips the head check', { headRepoFullName: null, headRef: 'staging' }, p, null],
  ] as const)('%s', (_n, over, pol, expected) => {
    expect(mergeGate(pull(over), pol)?.code ?? null).toBe(expected);
  });
});

describe('base score', () => {
  // S: source token score; T: every file's score (the bonus); tokenScore: parsed files only (not read here).
  it.each([
    ['S 100, T 400', 100, 400, {}, Math.round((25 * (1 - Math.exp(-100 / 58)) + 1.33) * 100) / 100, 21.87],
    ['nothing', 0, 0, {}, 0, 0],
    ['only non-source tokens: the full bonus', 0, 3000, {}, 5, 5],
    ['saturated', 1000, 1500, {}, Math.round((25 * (1 - Math.exp(-1000 / 58)) + 5) * 100) / 100, 30],
    ['a per-repository saturation scale of 30', 30, 30, { scoring: { src_tok_saturation_scale: 30 } }, Math.round((25 * (1 - Math.exp(-1)) + 0.1) * 100) / 100, 15.9],
    ['a fixed base of 1 ignores tokens', 500, 900, { fixed_base_score: 1 }, 1, 1],
    ['a fixed base of 0', 500, 900, { fixed_base_score: 0 }, 0, 0],
  ])('%s', (_n, S, T, entry, arithmetic, literal) => {
    expect(arithmetic).toBe(literal);
    expect(baseScore({ sourceTokenScore: S, tokenScore: S, totalTokenScore: T }, policy(entry))).toBe(literal);
  });

  it('the bonus reads T (every file), not the parsed files\' token score', () => {
    // T = 750 from documentation and config files alone (tokenScore 0, S 0): bonus = round(min(1, 750/1500) · 5, 2) = 2.5.
    expect(baseScore({ sourceTokenScore: 0, tokenScore: 0, totalTokenScore: 750 }, policy({}))).toBe(2.5);
    // And a large tokenScore with a small T gives the small bonus: T = 150 → 0.5, plus 25 · (1 − e^(−58/58)) = 15.803 → 16.3.
    expect(baseScore({ sourceTokenScore: 58, tokenScore: 3000, totalTokenScore: 150 }, policy({}))).toBe(16.3);
  });
});

describe('time decay', () => {
  const defaults = policy().scoring.timeDecay;
  const tuned = policy({ scoring: { time_decay: { grace_period_hours: 4, sigmoid_midpoint_days: 3.33, sigmoid_steepness: 1.2 } } }).scoring.timeDecay;
  it.each([
    ['just merged', 0, defaults, 1],
    ['within grace', 11.99 * HOUR, defaults, 1],
    ['grace ends at 12 h', 12 * HOUR, defaults, Math.round(sigmoid(0.5) * 100) / 100], // 0.98
    ['5 days', 5 * DAY, defaults, 0.88],
    ['10 days: halved', 10 * DAY, defaults, 0.5],
    ['15 days', 15 * DAY, defaults, 0.12],
    ['17 days', 17 * DAY, defaults, 0.06],
    ['17.4 days: the floor', 17.4 * DAY, defaults, 0.05],
    ['30 days', 30 * DAY, defaults, 0.05],
    ['tuned: 3 h is within 4 h of grace', 3 * HOUR, tuned, 1],
    ['tuned: 4 h', 4 * HOUR, tuned, Math.round(sigmoid(4 / 24, 1.2, 3.33) * 100) / 100], // 0.98
    ['tuned: 3.33 days', 3.33 * DAY, tuned, 0.5],
    ['tuned: 5 days', 5 * DAY, tuned, Math.round(sigmoid(5, 1.2, 3.33) * 100) / 100], // 0.12
    ['tuned: 6 days is at the floor', 6 * DAY, tuned, 0.05],
  ])('%s', (_n, age, td, expected) => {
    expect(decayFactor(NOW - age, NOW, td)).toBe(expected);
  });
});

describe('review factors', () => {
  it.each([
    [0, {}, 1, 1],
    [1, {}, 0.85, 1.15],
    [2, {}, 0.7, 1.3],
    [6, {}, 0.1, 1.9],
    [7, {}, 0, 2],
    [10, {}, 0, 2],
    [2, { scoring: { review_penalty_rate: 0.3 } }, 0.4, 1.6],
  ])('%i requested changes: review %s, collateral %s', (n, entry, review, held) => {
    const pol = policy(entry);
    expect(reviewFactor(n, pol).value).toBe(review);
    expect(reviewCollateralFactor(n, pol)).toBe(held);
  });
});

describe('issue factor', () => {
  const pol = policy();
  const merged = { authorGithubId: '1001', createdAt: NOW - 3 * DAY, merged: { mergedAt: NOW - 2 * HOUR, editedAfterMerge: false } };
  const open = { ...merged, merged: null };
  it.each([
    ['no linked issue', [], merged, 1, []],
    ['a valid issue', [linked()], merged, 1.33, []],
    ['a valid issue by a maintainer', [linked({ authorAssociation: 'MEMBER' })], merged, 1.66, []],
    ['a standard and a maintainer issue', [linked(), linked({ authorAssociation: 'OWNER' })], merged, 1.66, []],
    ['a transferred issue', [linked({ transferred: true })], merged, 1, ['issue_transferred']],
    ['an issue with no known author', [linked({ authorGithubId: null })], merged, 1, ['issue_author_unknown']],
    ['the author’s own issue', [linked({ authorGithubId: '1001' })], merged, 1, ['issue_self_authored']],
    ['an issue opened after the pull request', [linked({ createdAt: NOW - DAY })], merged, 1, ['issue_created_after_pr']],
    ['an issue closed as not planned', [linked({ stateReason: 'not_planned' })], merged, 1, ['issue_not_completed']],
    ['a still-open issue', [linked({ state: 'open', stateReason: null, closedAt: null })], merged, 1, ['issue_open']],
    ['an issue closed 25 h after the merge', [linked({ closedAt: NOW - 2 * HOUR + 25 * HOUR })], merged, 1, ['issue_closed_late']],
    ['an issue closed exactly 24 h after the merge', [linked({ closedAt: NOW - 2 * HOUR + 24 * HOUR })], merged, 1.33, []],
    ['an issue closed an hour before the merge', [linked({ closedAt: NOW - 3 * HOUR })], merged, 1, ['issue_closed_before_merge']],
    ['a closed issue with no close time', [linked({ closedAt: null })], merged, 1.33, []],
    ['edited after merge voids the bonus', [linked()], { ...merged, merged: { ...merged.merged, editedAfterMerge: true } }, 1, ['edited_after_merge']],
    ['an open pull request: an open issue is fine', [linked({ state: 'open', stateReason: null, closedAt: null })], open, 1.33, []],
    ['an open pull request: not-planned still fails', [linked({ stateReason: 'not_planned' })], open, 1, ['issue_not_completed']],
    ['one invalid, one valid', [linked({ transferred: true }), linked()], merged, 1.33, []],
  ] as const)('%s', (_n, issues, ctx, value, reasons) => {
    const f = issueFactor(issues, ctx, pol);
    expect(f.value).toBe(value);
    expect(f.reasons.map((r) => r.code)).toEqual(reasons);
  });

  it('uses the repository’s own multipliers', () => {
    const custom = policy({ scoring: { standard_issue_multiplier: 1.5, maintainer_issue_multiplier: 2 } });
    expect(issueFactor([linked()], merged, custom).value).toBe(1.5);
    expect(issueFactor([linked({ authorAssociation: 'COLLABORATOR' })], merged, custom).value).toBe(2);
  });
});

describe('label factor', () => {
  const pol = policy({ label_multipliers: { bug: 1.5, feature: 2, wip: 0.5, 'kind/*': 1.25 } });
  const evals = policy({ fixed_base_score: 1, default_label_multiplier: 0, label_multipliers: { 'eval:none': 0, 'eval:low': 1, 'eval:high': 4 } });
  const wild = policy({ default_label_multiplier: 0, label_multipliers: { 'eval:none': 0, 'eval:high': 4, 'eval:*': 0.5 } });
  const by = (name: string, actorAssociation: string | null = 'MEMBER') => ({ name, actorAssociation });
  it.each([
    ['no labels: the default', [], pol, 1, []],
    ['a maintainer’s label', [by('bug')], pol, 1.5, []],
    ['the highest of two', [by('bug'), by('feature')], pol, 2, []],
    ['the highest even below the default', [by('wip')], pol, 0.5, []],
    ['a contributor’s label does not count', [by('feature', 'CONTRIBUTOR')], pol, 1, ['label_not_by_maintainer']],
    ['an app’s label does not count', [by('feature', null)], pol, 1, ['label_not_by_maintainer']],
    ['patterns match case-insensitively', [by('Kind/Feature')], pol, 1.25, []],
    ['a label matching no pattern', [by('docs')], pol, 1, []],
    ['eval: no label and a default of 0', [], evals, 0, ['label_multiplier_zero']],
    ['eval:none scores 0', [by('eval:none')], evals, 0, ['label_multiplier_zero']],
    ['eval:high over eval:* (4 > 0.5)', [by('eval:high')], wild, 4, []],
    ['a label matching two patterns takes the higher one (eval:* 0.5 over eval:none 0)', [by('eval:none')], wild, 0.5, []],
    ['eval:low and eval:none: the highest', [by('eval:low'), by('eval:none')], evals, 1, []],
    ['eval:other matches only eval:*', [by('eval:other')], wild, 0.5, []],
    ['eval:high by a contributor leaves the default 0', [by('eval:high', 'CONTRIBUTOR')], evals, 0, ['label_not_by_maintainer', 'label_multiplier_zero']],
  ] as const)('%s', (_n, labels, pl, value, reasons) => {
    const f = labelFactor(labels, pl);
    expect(f.value).toBe(value);
    expect(f.reasons.map((r) => r.code)).toEqual(reasons);
  });

  it('takes anyone’s label, apps included, with a trusted label pipeline', () => {
    const trusted = policy({ trusted_label_pipeline: true, label_multipliers: { feature: 2 } });
    expect(labelFactor([by('feature', null)], trusted).value).toBe(2);
    expect(labelFactor([by('feature', 'NONE')], trusted).value).toBe(2);
  });
});

describe('open-PR cliff', () => {
  const p = { base: 2, perSlot: 300, max: 30 };
  it.each([
    [2, 0, 2, false, 0, 0],
    [3, 0, 2, true, 0, 1],
    [2, 299, 2, false, 0, 0],
    [3, 300, 3, false, 0, 0],
    [4, 300, 3, true, 0, 1],
    [1, 600, 4, false, 3, 0],
    [30, 9000, 30, false, 0, 0],
    [31, 9000, 30, true, 0, 1],
    [35, 100_000, 30, true, 0, 5],
  ])('%i open with %i tokens: threshold %i, fired %s', (open, tokens, threshold, fired, left, over) => {
    expect(cliffState(open, tokens, p)).toEqual({ threshold, open, slotsLeft: left, fired, overBy: over });
  });
});

describe('eligibility', () => {
  it.each([
    [3, 0, true, 1, [], []],
    [2, 0, false, 1, ['below_min_merged'], ['merge 1 more']],
    [4, 1, true, 0.8, [], []], // exactly at 0.80
    [8, 2, true, 0.8, [], []],
    [3, 1, false, 0.75, ['credibility_below_min'], ['merge 1 more']], // 4 / 5 = 0.8
    [3, 3, false, 0.5, ['credibility_below_min'], ['merge 9 more']], // 12 / 15 = 0.8
    [0, 0, false, 0, ['below_min_merged', 'credibility_below_min'], ['merge 3 more', 'merge 1 more']],
    [1, 4, false, 0.2, ['below_min_merged', 'credibility_below_min'], ['merge 2 more', 'merge 15 more']], // 16 / 20
  ])('%i merged, %i closed', (merged, closed, eligible, cred, codes, levers) => {
    const e = eligibility(merged, closed, 3, 0.8);
    expect(e.eligible).toBe(eligible);
    expect(e.credibility).toBe(cred);
    expect(e.blockedBy.map((r) => r.code)).toEqual(codes);
    expect(e.blockedBy.map((r) => r.lever)).toEqual(levers);
  });
});

describe('eligibility levers', () => {
  it('gives no count when a minimum just below 1 cannot be reached in whole pull requests', () => {
    // It used to step n one by one past 2^53, where n + 1 === n, and never return.
    const e = eligibility(3, 60, 3, 0.9999999999999999);
    expect(e.blockedBy.map((r) => [r.code, r.lever])).toEqual([['credibility_below_min', null]]);
  });

  it('asks for every remaining pull request when the minimum is 1 and none closed', () => {
    expect(eligibility(0, 0, 0, 1).blockedBy.map((r) => r.lever)).toEqual(['merge 1 more']);
  });
});
