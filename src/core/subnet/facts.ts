/**
 * The facts each rule needs, as plain data. Times are epoch milliseconds (UTC);
 * token scores are numbers computed elsewhere. A presenter or the sync side fills
 * these from the store; the rules never look anything up.
 */

/** GitHub's author associations; OWNER, MEMBER and COLLABORATOR are maintainers. */
export type Association = string | null;

export const MAINTAINER_ASSOCIATIONS: ReadonlySet<string> = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

export function isMaintainer(association: Association): boolean {
  return association !== null && MAINTAINER_ASSOCIATIONS.has(association.toUpperCase());
}

/** A label currently on the pull request, with the association of whoever applied it (null: an app or unknown). */
export interface LabelFact {
  name: string;
  actorAssociation: Association;
}

/** What the merge gate and the branch gate read. */
export interface BranchFacts {
  /** The pull request's repository, `owner/name`. */
  repoFullName: string;
  /** The repository's default branch; null when unknown (then `main`). */
  defaultBranch: string | null;
  baseRef: string;
  headRef: string | null;
  /** The head branch's repository; null when unknown (then the head check is skipped). */
  headRepoFullName: string | null;
}

export interface MergeFacts extends BranchFacts {
  mergedAt: number | null;
  authorLogin: string;
  mergedByLogin: string | null;
  /** APPROVED reviews (GitHub forbids self-approval, so any counts). */
  approvals: number;
}

/** One of GitHub's closing references of the pull request (first 10, same repository). */
export interface LinkedIssueFact {
  number: number;
  authorGithubId: string | null;
  authorAssociation: Association;
  createdAt: number;
  state: 'open' | 'closed';
  /** GitHub's state_reason: `completed`, `not_planned`, `reopened` or null. */
  stateReason: string | null;
  closedAt: number | null;
  transferred: boolean;
}

export interface TokenFacts {
  /**
   * The validator's `token_score`: Σ over the parsed files (source and test files,
   * no line counts of non-code files). The cliffs and the valid-solve test add it up.
   */
  tokenScore: number;
  /** S: the part from source files (not tests), which the base score saturates on. */
  sourceTokenScore: number;
  /** T: Σ every file's score (source, test and non-code), which the contribution bonus reads. */
  totalTokenScore: number;
}

export interface PullFact extends MergeFacts, TokenFacts {
  number: number;
  state: 'open' | 'merged' | 'closed';
  authorGithubId: string;
  authorAssociation: Association;
  createdAt: number;
  /** When a closed (unmerged) pull request was closed. */
  closedAt: number | null;
  /** CHANGES_REQUESTED reviews by maintainers. */
  maintainerChangesRequested: number;
  editedAfterMerge: boolean;
  labels: readonly LabelFact[];
  linkedIssues: readonly LinkedIssueFact[];
}

/** The merged same-repository pull request that closed an issue, as issue discovery reads it. */
export interface SolverFact extends BranchFacts, TokenFacts {
  number: number;
  authorGithubId: string;
  mergedAt: number;
  editedAfterMerge: boolean;
  labels: readonly LabelFact[];
  maintainerChangesRequested: number;
  /**
   * The issue this solver pays for: the earliest created of the issues it closed,
   * across all miners (one issue per solving pull request).
   */
  creditedIssueNumber: number;
}

export interface IssueFact {
  number: number;
  authorAssociation: Association;
  createdAt: number;
  state: 'open' | 'closed';
  stateReason: string | null;
  closedAt: number | null;
  /** Last edit of the title or body; null when never edited. */
  lastEditedAt: number | null;
  solver: SolverFact | null;
}

export interface MinerIdentity {
  login: string;
  githubId: string;
  /** Several miners registered on this GitHub account: the validator zeroes them all. */
  duplicateAccount?: boolean;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
