import { describe, expect, it } from 'vitest';
import { DAY, HOUR, issue, linked, MINER, NOW, policy, pull, solver, times } from '../../test/subnet-factories.ts';
import { evaluateRepo, type RepoStanding } from './evaluate.ts';
import { REASON_CODES, type ReasonCode } from './reasons.ts';

/** Every code a standing carries anywhere: repository blockers, pull requests, issues. */
function codesIn(s: RepoStanding): Set<ReasonCode> {
  const out = new Set<ReasonCode>();
  const all = [...s.blockedBy, ...s.issueDiscovery.blockedBy, ...s.pulls.flatMap((p) => p.explain), ...s.issueDiscovery.issues.flatMap((i) => i.explain)];
  for (const r of all) {
    expect(r.detail.length).toBeGreaterThan(0);
    out.add(r.code);
  }
  for (const p of s.pulls) expect(p.reasons).toEqual(p.explain.map((r) => r.code));
  return out;
}

describe('reason codes', () => {
  it('every code is reachable from the evaluation entry point, each with a detail', () => {
    const mergedAt = NOW - 30 * HOUR;
    const pulls = [
      pull({ authorAssociation: 'MEMBER' }),
      pull({ mergedAt: NOW - 40 * DAY }),
      pull({ mergedAt: null }),
      pull({ mergedByLogin: MINER.login, approvals: 0 }),
      pull({ baseRef: 'gh-pages' }),
      pull({ headRepoFullName: 'acme/widgets', headRef: 'main' }),
      pull({ linkedIssues: [linked({ transferred: true })] }),
      pull({ linkedIssues: [linked({ authorGithubId: null })] }),
      pull({ linkedIssues: [linked({ authorGithubId: MINER.githubId })] }),
      pull({ linkedIssues: [linked({ createdAt: NOW - DAY })] }),
      pull({ linkedIssues: [linked({ stateReason: 'not_planned' })] }),
      pull({ linkedIssues: [linked({ state: 'open', stateReason: null, closedAt: null })] }),
      pull({ mergedAt, linkedIssues: [linked({ closedAt: mergedAt - HOUR })] }),
      pull({ mergedAt, linkedIssues: [linked({ closedAt: mergedAt + 25 * HOUR })] }),
      pull({ editedAfterMerge: true, linkedIssues: [linked()] }),
      pull({ labels: [{ name: 'eval:high', actorAssociation: 'CONTRIBUTOR' }] }),
      pull({ maintainerChangesRequested: 1 }),
      ...times(12, () => pull({ state: 'open' })),
      ...times(9, () => pull({ state: 'closed' })),
    ];
    const openIssue = () => issue({ state: 'open', stateReason: null, closedAt: null, solver: null });
    const selfSolved = issue({ solver: solver({ authorGithubId: MINER.githubId }) });
    selfSolved.solver!.creditedIssueNumber = selfSolved.number;
    const issues = [
      issue({ stateReason: 'not_planned' }),
      issue({ solver: null }),
      issue({ solver: solver({ baseRef: 'gh-pages' }) }),
      issue({ solver: solver({ editedAfterMerge: true }) }),
      issue({ lastEditedAt: NOW - HOUR }),
      issue({ solver: solver({ tokenScore: 1 }) }),
      issue({ solver: solver({ creditedIssueNumber: 1 }) }),
      selfSolved,
      issue(),
      ...times(5, openIssue),
    ];
    const pol = policy({ default_label_multiplier: 0, label_multipliers: { 'eval:high': 4 } });
    const seen = codesIn(evaluateRepo(pol, NOW, { ...MINER, duplicateAccount: true }, pulls, issues));
    for (const c of codesIn(evaluateRepo(pol, NOW, MINER, [pull()], [issue()]))) seen.add(c); // below both minimums
    expect([...REASON_CODES].filter((c) => !seen.has(c))).toEqual([]);
  });
});
