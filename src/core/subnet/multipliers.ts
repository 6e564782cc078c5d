import { DAY_MS, isMaintainer, type LabelFact, type LinkedIssueFact } from './facts.ts';
import type { RepoPolicy } from './policy.ts';
import { NO_REASONS, reason, type Reason } from './reasons.ts';
import { round2 } from './round.ts';

/** An issue closing more than this long after the merge was not closed by it. */
export const MAX_ISSUE_CLOSE_WINDOW_DAYS = 1;
/** Collateral's review factor grows to at most this. */
export const MAX_OPEN_PR_REVIEW_COLLATERAL_MULTIPLIER = 2;

export interface Factor {
  value: number;
  reasons: readonly Reason[];
}

const NEUTRAL: Factor = Object.freeze({ value: 1, reasons: NO_REASONS });

interface IssueContext {
  authorGithubId: string;
  createdAt: number;
  /** Null for an open pull request: the merged-only conditions do not apply. */
  merged: { mergedAt: number; editedAfterMerge: boolean } | null;
}

/** Why a linked issue earns no bonus, or null when it is valid (`_is_valid_linked_issue`). */
export function linkedIssueProblem(li: LinkedIssueFact, pr: IssueContext): Reason | null {
  const n = `#${li.number}`;
  if (li.transferred) return reason('issue_transferred', `issue ${n} was transferred`);
  if (li.authorGithubId === null) return reason('issue_author_unknown', `issue ${n} has no known author`);
  if (li.authorGithubId === pr.authorGithubId) return reason('issue_self_authored', `issue ${n} was opened by the pull request's author`);
  if (li.createdAt > pr.createdAt) return reason('issue_created_after_pr', `issue ${n} was opened after the pull request`);
  if (li.state === 'closed' && (li.stateReason ?? '').toLowerCase() !== 'completed') {
    return reason('issue_not_completed', `issue ${n} was closed as ${li.stateReason ?? 'unknown'}, not completed`, 'ask a maintainer to close it as completed');
  }
  if (!pr.merged) return null;
  if (pr.merged.editedAfterMerge) return reason('edited_after_merge', 'the pull request was edited after it merged, which voids the issue bonus');
  if (li.state !== 'closed') return reason('issue_open', `issue ${n} is still open`, 'ask a maintainer to close the issue as completed');
  if (li.closedAt !== null) {
    const days = (li.closedAt - pr.merged.mergedAt) / DAY_MS;
    if (days < 0) return reason('issue_closed_before_merge', `issue ${n} closed ${(-days * 24).toFixed(1)} h before the merge`);
    if (days > MAX_ISSUE_CLOSE_WINDOW_DAYS) return reason('issue_closed_late', `issue ${n} closed ${(days * 24).toFixed(1)} h after the merge (at most 24 h)`);
  }
  return null;
}

/**
 * The issue factor: 1.0 unless a valid linked issue exists; then the maintainer
 * multiplier when a valid issue's author is a maintainer, else the standard one.
 */
export function issueFactor(linked: readonly LinkedIssueFact[], pr: IssueContext, policy: RepoPolicy): Factor {
  if (linked.length === 0) return NEUTRAL;
  let problems: Reason[] | null = null;
  let valid = false;
  let maintainer = false;
  for (const li of linked) {
    const p = linkedIssueProblem(li, pr);
    if (p) (problems ??= []).push(p);
    else {
      valid = true;
      if (isMaintainer(li.authorAssociation)) maintainer = true;
    }
  }
  if (!valid) return { value: 1, reasons: problems ?? NO_REASONS };
  const s = policy.scoring;
  return { value: round2(maintainer ? s.maintainerIssueMultiplier : s.standardIssueMultiplier), reasons: NO_REASONS };
}

/**
 * The label factor (`label_resolution.py`): among the current labels applied by a
 * maintainer (by anyone, apps included, with `trusted_label_pipeline`), those
 * matching a pattern; the highest of their multipliers, even below the default;
 * with no such label, `default_label_multiplier`.
 */
export function labelFactor(labels: readonly LabelFact[], policy: RepoPolicy): Factor & { label: string | null } {
  let best: number | null = null;
  let bestLabel: string | null = null;
  let untrusted: string | null = null;
  for (const l of labels) {
    const m = multiplierFor(l.name, policy);
    if (m === null) continue;
    if (!policy.trustedLabelPipeline && !isMaintainer(l.actorAssociation)) {
      untrusted ??= l.name;
      continue;
    }
    if (best === null || m > best) {
      best = m;
      bestLabel = l.name;
    }
  }
  const value = round2(best ?? policy.defaultLabelMultiplier);
  if (value !== 0 && (best !== null || untrusted === null)) return { value, reasons: NO_REASONS, label: bestLabel };
  const reasons: Reason[] = [];
  if (best === null && untrusted !== null) {
    reasons.push(reason('label_not_by_maintainer', `label "${untrusted}" was not applied by a maintainer, so the default ${policy.defaultLabelMultiplier} applies`, 'ask a maintainer to apply a label'));
  }
  if (value === 0) reasons.push(reason('label_multiplier_zero', bestLabel ? `label "${bestLabel}" multiplies by 0` : 'the default label multiplier is 0 and no trusted label matches', bestLabel ? null : 'ask a maintainer to apply a label'));
  return { value, reasons, label: bestLabel };
}

/** The highest multiplier among the patterns a label matches, or null. */
export function multiplierFor(label: string, policy: RepoPolicy): number | null {
  const lower = label.toLowerCase();
  let best: number | null = null;
  for (const rule of policy.labelMultipliers) if (rule.matches(lower) && (best === null || rule.multiplier > best)) best = rule.multiplier;
  return best;
}

/** The review factor: max(0, 1 − rate · N), N maintainer CHANGES_REQUESTED reviews. */
export function reviewFactor(changesRequested: number, policy: RepoPolicy): Factor {
  if (changesRequested <= 0) return NEUTRAL;
  const value = round2(Math.max(0, 1 - policy.scoring.reviewPenaltyRate * changesRequested));
  return { value, reasons: [reason('changes_requested', `${changesRequested} maintainer review(s) requested changes`)] };
}

/** Collateral's review factor: min(2, 1 + rate · N); requested changes hold more back. */
export function reviewCollateralFactor(changesRequested: number, policy: RepoPolicy): number {
  return round2(Math.min(MAX_OPEN_PR_REVIEW_COLLATERAL_MULTIPLIER, 1 + policy.scoring.reviewPenaltyRate * changesRequested));
}
