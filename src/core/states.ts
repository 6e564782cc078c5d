/**
 * States as users think of them. Every issue is in exactly one of
 * open | completed | not_planned | duplicate | closed (closed for another or no
 * reason), every pull request in exactly one of open | draft | merged | closed.
 */
export const ISSUE_STATUSES = ['open', 'completed', 'not_planned', 'duplicate', 'closed'] as const;
export const PULL_STATUSES = ['open', 'draft', 'merged', 'closed'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export type PullStatus = (typeof PULL_STATUSES)[number];

/** Pull request states that still "claim" an issue: an abandoned (closed, unmerged) PR frees it again. */
export const CLAIMING_PULL_STATUSES: readonly PullStatus[] = ['open', 'draft', 'merged'];

export function issueStatus(state: string, stateReason: string | null | undefined): IssueStatus {
  if (state === 'open') return 'open';
  if (stateReason === 'completed' || stateReason === 'not_planned' || stateReason === 'duplicate') return stateReason;
  return 'closed';
}

export function pullStatus(state: string, merged: boolean, draft: boolean): PullStatus {
  if (merged) return 'merged';
  if (state === 'closed') return 'closed';
  return draft ? 'draft' : 'open';
}
