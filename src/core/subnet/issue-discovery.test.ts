import { describe, expect, it } from 'vitest';
import { DAY, HOUR, issue, MINER, NOW, policy, solver, times } from '../../test/subnet-factories.ts';
import type { IssueFact } from './facts.ts';
import { evaluateIssues } from './issue-discovery.ts';

// A solver with S = T = 100 under the defaults has base 20.87 (see evaluate.test.ts).
const BASE = 20.87;
const run = (issues: IssueFact[], entry: Record<string, unknown> = {}) => evaluateIssues(policy(entry), NOW, MINER, issues);
const find = (s: ReturnType<typeof run>, n: number) => s.issues.find((i) => i.number === n)!;

describe('issue discovery', () => {
  it('three valid solves with credibility 1: each earns its solver’s base', () => {
    const s = run(times(3, () => issue()));
    expect(s).toMatchObject({ solved: 3, validSolved: 3, closedUnsolved: 0, open: 0 });
    expect(s.eligibility.eligible).toBe(true);
    expect(s.issues[0]).toMatchObject({ solved: true, validSolve: true, base: BASE, multipliers: { label: 1, decay: 1, review: 1, credibility: 1, spam: 1 }, earned: BASE });
    expect(s.total).toBeCloseTo(3 * BASE, 10);
  });

  it('issue credibility exactly 0.80 is eligible and multiplies every issue', () => {
    const s = run([...times(4, () => issue()), issue({ stateReason: 'not_planned' })]);
    expect(s.eligibility).toMatchObject({ eligible: true, credibility: 0.8 });
    expect(s.issues.find((i) => i.solved)!.earned).toBe(Math.round(BASE * 0.8 * 100) / 100); // 16.696 → 16.7
    expect(s.total).toBeCloseTo(4 * 16.7, 10);
  });

  it('a solve below the token minimum counts for credibility but not for the count gate', () => {
    const weak = () => issue({ solver: solver({ tokenScore: 1, sourceTokenScore: 1 }) });
    const s = run([...times(2, () => issue()), ...times(2, weak)]);
    expect(s.eligibility.credibility).toBe(1); // 4 solved, none unsolved
    expect(s.blockedBy.map((r) => [r.code, r.lever])).toEqual([['below_min_solved_issues', 'get solved 1 more']]);
  });

  it('credibility below 0.80 blocks the total', () => {
    const s = run([...times(3, () => issue()), issue({ stateReason: 'not_planned' })]);
    expect(s.eligibility.credibility).toBe(0.75);
    expect(s.total).toBe(0);
    expect(s.blockedBy.map((r) => [r.code, r.lever])).toEqual([['issue_credibility_below_min', 'get solved 1 more']]); // 4 / 5
  });

  it('fewer than three valid solves blocks the total, with the lever', () => {
    const s = run(times(2, () => issue()));
    expect(s.blockedBy.map((r) => [r.code, r.lever])).toEqual([['below_min_solved_issues', 'get solved 1 more']]);
    expect(s.total).toBe(0);
  });

  it.each([
    ['closed as not planned', { stateReason: 'not_planned' }, 'issue_not_completed'],
    ['closed with no solving pull request', { solver: null }, 'no_solver'],
    ['solved by a merge into an unaccepted branch', { solver: solver({ baseRef: 'gh-pages' }) }, 'branch_not_accepted'],
    ['solved by a pull request edited after merge', { solver: solver({ editedAfterMerge: true }) }, 'edited_after_merge'],
    ['edited after its solver merged', { lastEditedAt: NOW - HOUR }, 'issue_edited_after_merge'],
  ] as const)('a closed issue %s counts as not solved', (_n, over, code) => {
    const bad = issue(over);
    const s = run([...times(3, () => issue()), bad]);
    expect(find(s, bad.number)).toMatchObject({ counted: true, solved: false, earned: 0, reasons: [code] });
    expect(s.closedUnsolved).toBe(1);
  });

  it('an issue edited before its solver merged still counts', () => {
    const ok = issue({ lastEditedAt: NOW - 3 * HOUR });
    expect(find(run([ok]), ok.number).solved).toBe(true);
  });

  it('a solver below the token minimum: solved for credibility, not a valid solve, no score', () => {
    const weak = issue({ solver: solver({ tokenScore: 4, sourceTokenScore: 4 }) });
    const s = run([...times(3, () => issue()), weak]);
    expect(find(s, weak.number)).toMatchObject({ solved: true, validSolve: false, earned: 0, reasons: ['solver_token_score_low'] });
    expect(s).toMatchObject({ solved: 4, validSolved: 3 });
  });

  it('solved by the miner’s own pull request: counts, earns nothing', () => {
    const own = issue({ solver: solver({ authorGithubId: MINER.githubId }) });
    own.solver!.creditedIssueNumber = own.number;
    const s = run([...times(3, () => issue()), own]);
    expect(find(s, own.number)).toMatchObject({ solved: true, validSolve: true, earned: 0, reasons: ['self_solved'] });
    expect(s.validSolved).toBe(4);
  });

  it('one issue per solving pull request: only the earliest created is paid', () => {
    const later = issue({ solver: solver({ creditedIssueNumber: 1 }) });
    const s = run([...times(3, () => issue()), later]);
    expect(find(s, later.number)).toMatchObject({ solved: true, earned: 0, reasons: ['solver_already_credited'] });
  });

  it('a maintainer’s issue is dropped; issues outside the window too', () => {
    const m = issue({ authorAssociation: 'OWNER' });
    const old = issue({ closedAt: NOW - 31 * DAY });
    const oldOpen = issue({ state: 'open', stateReason: null, closedAt: null, createdAt: NOW - 31 * DAY, solver: null });
    const s = run([m, old, oldOpen]);
    expect(s.issues.map((i) => i.excluded)).toEqual(['maintainer_author', 'outside_window', 'outside_window']);
  });

  it('the open-issue cliff zeroes every issue one past the threshold', () => {
    // Σ solver tokens 3 × 100 = 300 → threshold min(2 + 1, 30) = 3.
    const openIssue = () => issue({ state: 'open', stateReason: null, closedAt: null, solver: null });
    const at = run([...times(3, () => issue()), ...times(3, openIssue)]);
    expect(at.cliff).toMatchObject({ threshold: 3, fired: false });
    const past = run([...times(3, () => issue()), ...times(4, openIssue)]);
    expect(past.cliff).toMatchObject({ threshold: 3, fired: true });
    expect(past.total).toBe(0);
    expect(past.blockedBy.map((r) => [r.code, r.lever])).toEqual([['open_issue_cliff', 'close 1 open issue']]);
  });

  it('the solver’s decay, label and review multiply; the fixed base applies', () => {
    const entry = { fixed_base_score: 10, label_multipliers: { bug: 2 } };
    const x = issue({ solver: solver({ mergedAt: NOW - 5 * DAY, maintainerChangesRequested: 1, labels: [{ name: 'bug', actorAssociation: 'MEMBER' }] }) });
    x.solver!.creditedIssueNumber = x.number;
    const s = run([...times(2, () => issue()), x], entry);
    expect(find(s, x.number)).toMatchObject({ base: 10, multipliers: { label: 2, decay: 0.88, review: 0.85, credibility: 1, spam: 1 } });
    expect(find(s, x.number).earned).toBe(Math.round(10 * 2 * 0.88 * 0.85 * 100) / 100); // 14.96
  });
});
