/**
 * Every "no" the rules can say, with a stable code. Codes never change meaning;
 * the page and the API show them, and a lever where one exists.
 */
export const REASON_CODES = [
  // Repository gates
  'below_min_merged',
  'credibility_below_min',
  'open_pr_cliff',
  'duplicate_account',
  // A pull request dropped entirely
  'maintainer_author',
  'outside_window',
  'merge_time_missing',
  'self_merged_unapproved',
  'branch_not_accepted',
  'head_branch_accepted',
  // A factor below its best
  'issue_transferred',
  'issue_author_unknown',
  'issue_self_authored',
  'issue_created_after_pr',
  'issue_not_completed',
  'issue_open',
  'issue_closed_before_merge',
  'issue_closed_late',
  'edited_after_merge',
  'label_not_by_maintainer',
  'label_multiplier_zero',
  'changes_requested',
  // Issue discovery
  'no_solver',
  'issue_edited_after_merge',
  'solver_token_score_low',
  'solver_already_credited',
  'self_solved',
  'below_min_solved_issues',
  'issue_credibility_below_min',
  'open_issue_cliff',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  /** What was measured, in words with the numbers. */
  detail: string;
  /** What would change it, when something would. */
  lever: string | null;
}

/** The shared empty list: most pull requests have nothing to explain (never mutate it). */
export const NO_REASONS: readonly Reason[] = Object.freeze([]);
export const NO_CODES: readonly ReasonCode[] = Object.freeze([]);

export function reason(code: ReasonCode, detail: string, lever: string | null = null): Reason {
  return { code, detail, lever };
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
