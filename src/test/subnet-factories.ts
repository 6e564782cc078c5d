import type { IssueFact, LinkedIssueFact, PullFact, SolverFact } from '../core/subnet/facts.ts';
import { parsePolicy, type RepoPolicy } from '../core/subnet/policy.ts';

/** Test data for the subnet rules: plain facts with overrides. */
export const NOW = Date.UTC(2026, 7, 20, 12, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const REPO = 'acme/widgets';
export const MINER = { login: 'miner-one', githubId: '1001' };

export function policy(entry: Record<string, unknown> = {}, repo = REPO): RepoPolicy {
  const r = parsePolicy(repo, { emission_share: 0.1, ...entry });
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.policy;
}

let next = 1;
export function pull(over: Partial<PullFact> = {}): PullFact {
  const state = over.state ?? 'merged';
  return {
    number: next++,
    state,
    repoFullName: REPO,
    defaultBranch: 'main',
    baseRef: 'main',
    headRef: 'feature',
    headRepoFullName: 'fork/widgets',
    authorGithubId: MINER.githubId,
    authorLogin: MINER.login,
    authorAssociation: 'CONTRIBUTOR',
    createdAt: NOW - 3 * DAY,
    closedAt: state === 'closed' ? NOW - DAY : null,
    mergedAt: state === 'merged' ? NOW - 2 * HOUR : null,
    mergedByLogin: state === 'merged' ? 'maintainer' : null,
    approvals: 1,
    maintainerChangesRequested: 0,
    editedAfterMerge: false,
    labels: [],
    linkedIssues: [],
    tokenScore: 100,
    totalTokenScore: 100,
    sourceTokenScore: 100,
    ...over,
  };
}

export function linked(over: Partial<LinkedIssueFact> = {}): LinkedIssueFact {
  return {
    number: 500 + next++,
    authorGithubId: '2002',
    authorAssociation: 'NONE',
    createdAt: NOW - 10 * DAY,
    state: 'closed',
    stateReason: 'completed',
    closedAt: NOW - 2 * HOUR + 60_000,
    transferred: false,
    ...over,
  };
}

export function solver(over: Partial<SolverFact> = {}): SolverFact {
  const number = over.number ?? 9000 + next++;
  return {
    number,
    repoFullName: REPO,
    defaultBranch: 'main',
    baseRef: 'main',
    headRef: 'fix',
    headRepoFullName: 'other/widgets',
    authorGithubId: '3003',
    mergedAt: NOW - 2 * HOUR,
    editedAfterMerge: false,
    labels: [],
    maintainerChangesRequested: 0,
    tokenScore: 100,
    totalTokenScore: 100,
    sourceTokenScore: 100,
    creditedIssueNumber: -1,
    ...over,
  };
}

/** A closed, solved issue of the miner; its solver credits it unless told otherwise. */
export function issue(over: Partial<IssueFact> = {}): IssueFact {
  const number = over.number ?? 700 + next++;
  const s = over.solver === undefined ? solver({ creditedIssueNumber: number }) : over.solver;
  return {
    number,
    authorAssociation: 'NONE',
    createdAt: NOW - 5 * DAY,
    state: 'closed',
    stateReason: 'completed',
    closedAt: NOW - 2 * HOUR,
    lastEditedAt: null,
    ...over,
    solver: s,
  };
}

export function times<T>(n: number, make: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => make(i));
}
