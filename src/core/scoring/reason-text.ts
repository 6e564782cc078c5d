/**
 * Every reason code in a few plain words, for the API's `reason_text` (the page, the CLI
 * and anyone reading the JSON show the same wording). The detail says what was measured
 * and the lever what would change it; this names the reason itself.
 */
import type { ReasonCode } from '../subnet/reasons.ts';
import type { ExplainEntry, PendingCode } from './entries.ts';

export const REASON_TEXT: Readonly<Record<ReasonCode | PendingCode, string>> = {
  below_min_merged: 'Too few merged pull requests to be eligible',
  credibility_below_min: 'Credibility (merged ÷ merged and closed) below the minimum',
  open_pr_cliff: 'Too many open pull requests: every merged one scores 0',
  duplicate_account: 'Several miners share this GitHub account',
  maintainer_author: 'Written by a maintainer of the repository: not scored',
  outside_window: 'Outside the lookback window',
  merge_time_missing: 'No merge time known',
  self_merged_unapproved: 'Merged by its author without an approving review',
  branch_not_accepted: 'Merged into a branch that does not count',
  head_branch_accepted: 'Opened from a branch that counts as a base',
  issue_transferred: 'Its linked issue was transferred',
  issue_author_unknown: "Its linked issue's author is unknown",
  issue_self_authored: 'Its linked issue was opened by the same author',
  issue_created_after_pr: 'Its linked issue was opened after the pull request',
  issue_not_completed: 'Its linked issue was closed as not completed',
  issue_open: 'Its linked issue is still open',
  issue_closed_before_merge: 'Its linked issue was closed before the merge',
  issue_closed_late: 'Its linked issue was closed too long after the merge',
  edited_after_merge: 'Edited after the merge',
  label_not_by_maintainer: 'Its label was not applied by a maintainer',
  label_multiplier_zero: 'Its label pays nothing in this repository',
  changes_requested: 'A maintainer requested changes',
  no_solver: 'No pull request solved it',
  issue_edited_after_merge: 'Edited after its solving pull request merged',
  solver_token_score_low: "The solving pull request's token score is too low",
  solver_already_credited: 'The solving pull request already credits another issue',
  self_solved: 'Solved by its own author',
  below_min_solved_issues: 'Too few solved issues to be eligible for issue discovery',
  issue_credibility_below_min: 'Issue credibility (solved ÷ solved and closed unsolved) below the minimum',
  open_issue_cliff: 'Too many open issues: issue discovery scores 0',
  facts_pending: 'Some facts not fetched yet',
  token_score_pending: 'Token score not computed yet',
};

/** The words of a code; a code this version does not know (a newer store) shows as itself. */
export const reasonText = (code: string): string => (REASON_TEXT as Record<string, string>)[code] ?? code;

export type WordedExplain = ExplainEntry & { reason_text: string };

export const worded = (list: readonly ExplainEntry[]): WordedExplain[] => list.map((e) => ({ ...e, reason_text: reasonText(e.code) }));

type WithExplain = { explain: readonly ExplainEntry[] };

/** A stored repository entry with the words of every reason filled in (on read: stored rows need no rewrite). */
export function wordedRepoEntry<R extends { blocked_by_explain: readonly ExplainEntry[]; pulls: readonly WithExplain[]; issue_discovery: { blocked_by_explain: readonly ExplainEntry[]; issues: readonly WithExplain[] } }>(r: R): R {
  return {
    ...r,
    blocked_by_explain: worded(r.blocked_by_explain),
    pulls: r.pulls.map((p) => ({ ...p, explain: worded(p.explain) })),
    issue_discovery: { ...r.issue_discovery, blocked_by_explain: worded(r.issue_discovery.blocked_by_explain), issues: r.issue_discovery.issues.map((i) => ({ ...i, explain: worded(i.explain) })) },
  };
}
