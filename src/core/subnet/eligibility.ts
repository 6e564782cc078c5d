import { plural, reason, type Reason } from './reasons.ts';

/**
 * Eligibility (`credibility.py`, `check_eligibility`): merged ≥ the minimum and
 * credibility = merged / (merged + closed) ≥ the minimum (0 with no pull
 * requests). No smoothing. Issue discovery uses the same shape.
 */
export interface Gate {
  value: number;
  threshold: number;
  ok: boolean;
}

export interface Eligibility {
  eligible: boolean;
  credibility: number;
  merged: Gate;
  credibilityGate: Gate;
  blockedBy: Reason[];
}

export function credibility(good: number, bad: number): number {
  return good + bad === 0 ? 0 : good / (good + bad);
}

/** Fewest further successes that lift good / (good + bad) to at least `min`. */
export function moreNeededForCredibility(good: number, bad: number, min: number): number {
  if (credibility(good, bad) >= min) return 0;
  if (min >= 1) return bad > 0 ? Infinity : Math.max(0, 1 - good);
  // The closed form, then a few steps to absorb its rounding; past safe integers no count is meaningful.
  let n = Math.max(0, Math.ceil((min * bad) / (1 - min) - good) - 1);
  for (let step = 0; step < 8; step++, n++) {
    if (!Number.isSafeInteger(good + n)) return Infinity;
    if (credibility(good + n, bad) >= min) return n;
  }
  return Infinity;
}

export interface GateWords {
  belowMin: 'below_min_merged' | 'below_min_solved_issues';
  credBelow: 'credibility_below_min' | 'issue_credibility_below_min';
  /** "merged pull request" / "solved issue" */
  noun: string;
  /** "merge" / "get solved" */
  verb: string;
}

export const PR_GATE_WORDS: GateWords = { belowMin: 'below_min_merged', credBelow: 'credibility_below_min', noun: 'merged pull request', verb: 'merge' };

/**
 * `credGood` is what credibility counts as a success when it differs from the count
 * gate (issue discovery: every solve counts for credibility, only valid ones for the gate).
 */
export function eligibility(good: number, bad: number, minGood: number, minCredibility: number, words: GateWords = PR_GATE_WORDS, credGood = good): Eligibility {
  const cred = credibility(credGood, bad);
  const merged: Gate = { value: good, threshold: minGood, ok: good >= minGood };
  const credibilityGate: Gate = { value: cred, threshold: minCredibility, ok: cred >= minCredibility };
  const blockedBy: Reason[] = [];
  if (!merged.ok) blockedBy.push(reason(words.belowMin, `${plural(good, words.noun)}, ${minGood} needed`, `${words.verb} ${minGood - good} more`));
  if (!credibilityGate.ok) {
    const more = moreNeededForCredibility(credGood, bad, minCredibility);
    blockedBy.push(
      reason(words.credBelow, `credibility ${cred.toFixed(2)} (${credGood} of ${credGood + bad}), ${minCredibility} needed`, Number.isFinite(more) ? `${words.verb} ${more} more` : null),
    );
  }
  return { eligible: merged.ok && credibilityGate.ok, credibility: cred, merged, credibilityGate, blockedBy };
}
