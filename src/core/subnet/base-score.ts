import type { TokenFacts } from './facts.ts';
import type { RepoPolicy } from './policy.ts';
import { round2 } from './round.ts';

/** Base score constants (the validator's `constants.py`). */
export const MERGED_PR_BASE_SCORE = 25;
export const MAX_CONTRIBUTION_BONUS = 5;
export const CONTRIBUTION_SCORE_FOR_FULL_BONUS = 1500;

/**
 * base = 25 · (1 − e^(−S/s)) + round(min(1, T/1500) · 5, 2), rounded to 2 decimals
 * (`calculate_base_score_for_pr_files`); or the repository's `fixed_base_score`.
 * T is the total over every file (`scoring_result.total_score` in the validator),
 * not the parsed files' `token_score`: documentation and tests count for the bonus.
 */
export function baseScore(t: TokenFacts, policy: RepoPolicy): number {
  if (policy.fixedBaseScore !== null) return policy.fixedBaseScore;
  const quality = MERGED_PR_BASE_SCORE * (1 - Math.exp(-Math.max(0, t.sourceTokenScore) / policy.scoring.srcTokSaturationScale));
  const bonus = round2(Math.min(1, Math.max(0, t.totalTokenScore) / CONTRIBUTION_SCORE_FOR_FULL_BONUS) * MAX_CONTRIBUTION_BONUS);
  return round2(quality + bonus);
}
