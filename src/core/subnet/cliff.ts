/**
 * The open-PR cliff (`calculate_open_pr_threshold`): threshold = min(base +
 * ⌊Σ token score / per slot⌋, max). More open pull requests in the window than the
 * threshold zeroes every merged one of that miner in that repository. The same
 * shape, with its own settings, limits open issues in issue discovery.
 */
export interface CliffPolicy {
  base: number;
  perSlot: number;
  max: number;
}

export interface CliffState {
  threshold: number;
  open: number;
  /** Slots left before the cliff (0 when at or past it). */
  slotsLeft: number;
  fired: boolean;
  /** Open items to close for the cliff to lift (0 when it has not fired). */
  overBy: number;
}

export function cliffThreshold(tokenScoreSum: number, p: CliffPolicy): number {
  return Math.min(p.base + Math.floor(Math.max(0, tokenScoreSum) / p.perSlot), p.max);
}

export function cliffState(open: number, tokenScoreSum: number, p: CliffPolicy): CliffState {
  const threshold = cliffThreshold(tokenScoreSum, p);
  const fired = open > threshold;
  return { threshold, open, slotsLeft: Math.max(0, threshold - open), fired, overBy: fired ? open - threshold : 0 };
}
