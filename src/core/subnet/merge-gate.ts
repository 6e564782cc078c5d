import type { BranchFacts, MergeFacts } from './facts.ts';
import type { RepoPolicy } from './policy.ts';
import { reason, type Reason } from './reasons.ts';

/**
 * The branch gate (`mirror/scoring.py`, `_should_skip_merged_mirror_pr`): the base
 * branch matches the default branch (`main` when unknown) or an
 * `additional_acceptable_branches` pattern; and a same-repository head branch must
 * not itself match that list (no `staging → main` merges between accepted branches).
 */
export function branchGate(p: BranchFacts, policy: RepoPolicy): Reason | null {
  const defaultBranch = p.defaultBranch ?? 'main';
  if (!accepted(p.baseRef, defaultBranch, policy)) {
    const list = [defaultBranch, ...policy.additionalAcceptableBranches].join(', ');
    return reason('branch_not_accepted', `merged into ${p.baseRef}, not one of the accepted branches (${list})`);
  }
  const sameRepo = p.headRepoFullName !== null && p.headRepoFullName.toLowerCase() === p.repoFullName.toLowerCase();
  if (sameRepo && p.headRef && accepted(p.headRef, defaultBranch, policy)) {
    return reason('head_branch_accepted', `its head branch ${p.headRef} is itself an accepted branch`);
  }
  return null;
}

function accepted(branch: string, defaultBranch: string, policy: RepoPolicy): boolean {
  return branch === defaultBranch || policy.matchesAdditionalBranch(branch);
}

/**
 * The merge gate: a merge time exists; not merged by its own author without an
 * approving review; the branch gate. A failed gate drops the pull request entirely
 * (it counts neither as merged nor as closed). A post-merge edit does not fail it.
 */
export function mergeGate(p: MergeFacts, policy: RepoPolicy): Reason | null {
  if (p.mergedAt === null) return reason('merge_time_missing', 'merged, but no merge time is known');
  if (p.mergedByLogin !== null && p.mergedByLogin.toLowerCase() === p.authorLogin.toLowerCase() && p.approvals === 0) {
    return reason('self_merged_unapproved', 'merged by its own author with no approving review', 'next time, merge only after an approving review');
  }
  return branchGate(p, policy);
}
