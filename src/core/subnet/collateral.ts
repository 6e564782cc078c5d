import type { RepoPolicy } from './policy.ts';
import { reviewCollateralFactor } from './multipliers.ts';

/**
 * Collateral held by an open pull request (`calculate_open_pr_collateral_score`):
 * base × issue × label × min(2, 1 + rate · N) × `open_pr_collateral_percent`. No
 * decay, no spam; the issue factor without its merged-only conditions.
 */
export function collateral(base: number, issue: number, label: number, changesRequested: number, policy: RepoPolicy): { value: number; review: number } {
  const review = reviewCollateralFactor(changesRequested, policy);
  return { value: base * issue * label * review * policy.scoring.openPrCollateralPercent, review };
}
