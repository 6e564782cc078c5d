/**
 * The repositories view's "opportunity" order (docs/scoring.md, "Opportunity"):
 * what a repository's scoring pools would pay one more contributor, discounted by
 * how often its maintainers merge outside work and by how many miners already
 * compete there. A ranking aid, not a prediction: the real split is by score.
 *
 *   opportunity = pools × merge rate ÷ (1 + miners active in the window)
 *
 * pools: the PR and issue pools as fractions of the miners' pool; for a
 * repository where nobody scores yet (its share flows elsewhere), its own share
 * after the maintainer cut, what a first scorer would start from. merge rate:
 * the measured one; 0.5 where no outside pull request was decided in the window.
 */
export const OPPORTUNITY_FORMULA = 'pools × merge rate ÷ (1 + miners active in the window)';
export const UNKNOWN_MERGE_RATE = 0.5;

export interface OpportunityInput {
  active: boolean;
  emissionShare: number;
  /** The cut as it applies (0 when no maintainer is a registered miner). */
  appliedCut: number;
  prPool: number;
  issuePool: number;
  mergeRate: number | null;
  activeMiners: number;
}

export function opportunity(i: OpportunityInput): number {
  const pools = i.active ? i.prPool + i.issuePool : i.emissionShare * (1 - i.appliedCut);
  return (Math.max(0, pools) * (i.mergeRate ?? UNKNOWN_MERGE_RATE)) / (1 + Math.max(0, i.activeMiners));
}
