import { cliffThreshold } from './cliff.ts';
import { ageForSigmoid, decayFactor, rawDecay } from './decay.ts';
import { DAY_MS, HOUR_MS, type PullFact } from './facts.ts';
import type { RepoPolicy } from './policy.ts';
import { scoreMerged, type PullSide, type PullStanding } from './pulls.ts';
import { round2 } from './round.ts';

export interface DecayCurve {
  /** When the grace period ends and decay starts. */
  graceEndsAt: number;
  /** When the decay factor reaches 0.50; null if the floor is above it. */
  halvesAt: number | null;
  /** When the factor reaches the floor; null when the floor is 0 (never reached). */
  floorAt: number | null;
  floor: number;
}

export interface Projection {
  /** What the pull request earns if merged now (open) or earns today (merged). */
  earnedNow: number;
  standing: PullStanding;
  curve: DecayCurve;
  /** Merged: the next time the rounded decay factor drops, and the earnings then. */
  nextDropAt: number | null;
  earnedAfterDrop: number | null;
}

export function decayCurve(mergedAt: number, policy: RepoPolicy): DecayCurve {
  const td = policy.scoring.timeDecay;
  const graceEndsAt = mergedAt + td.gracePeriodHours * HOUR_MS;
  const at = (days: number): number => Math.max(graceEndsAt, mergedAt + days * DAY_MS);
  return {
    graceEndsAt,
    halvesAt: td.minMultiplier >= 0.5 ? null : at(td.sigmoidMidpointDays),
    floorAt: td.minMultiplier <= 0 || td.minMultiplier >= 1 ? (td.minMultiplier >= 1 ? graceEndsAt : null) : at(ageForSigmoid(td.minMultiplier, td)),
    floor: td.minMultiplier,
  };
}

/**
 * The next instant after `now` when the decay factor, rounded to 2 decimals, falls
 * below its current value; null at the floor. Within grace, that is the end of grace
 * (unless the curve there still rounds to 1.00).
 */
export function nextDecayDrop(mergedAt: number, now: number, policy: RepoPolicy): number | null {
  const td = policy.scoring.timeDecay;
  const current = decayFactor(mergedAt, now, td);
  if (current <= round2(td.minMultiplier)) return null;
  const graceEndsAt = mergedAt + td.gracePeriodHours * HOUR_MS;
  if (now < graceEndsAt && round2(rawDecay(graceEndsAt - mergedAt, td)) < current) return graceEndsAt;
  // The rounded factor drops once the sigmoid is below current − 0.005; refine on the exact rounding.
  let t = Math.max(graceEndsAt, mergedAt + ageForSigmoid(current - 0.005, td) * DAY_MS);
  let lo = Math.max(now, graceEndsAt);
  if (t <= lo) t = lo + 1;
  while (decayFactor(mergedAt, t, td) >= current) t += 60_000;
  // Find the first minute-resolution instant where it drops.
  while (t - lo > 1000) {
    const mid = Math.floor((lo + t) / 2);
    if (decayFactor(mergedAt, mid, td) < current) t = mid;
    else lo = mid;
  }
  return t;
}

/**
 * An open pull request merged now: its base, its labels and reviews as they stand,
 * a valid linked issue assumed to close with the merge, decay 1, and the cliff as it
 * would be with this pull request no longer open and its tokens counted.
 */
export function projectOpen(p: PullFact, policy: RepoPolicy, now: number, side: Pick<PullSide, 'open' | 'pulls'>): Projection {
  const asMerged: PullFact = {
    ...p,
    state: 'merged',
    mergedAt: now,
    editedAfterMerge: false,
    linkedIssues: p.linkedIssues.map((li) => (li.state === 'open' ? { ...li, state: 'closed', stateReason: 'completed', closedAt: now } : li)),
  };
  const e = policy.eligibility;
  const tokens = side.pulls.filter((x) => x.state === 'merged' && x.counted).reduce((s, x) => s + x.tokenScore, 0) + p.tokenScore;
  const threshold = cliffThreshold(tokens, { base: e.excessivePrPenaltyBaseThreshold, perSlot: e.openPrThresholdTokenScore, max: e.maxOpenPrThreshold });
  const standing = scoreMerged(asMerged, policy, now, side.open - 1 > threshold);
  return { earnedNow: standing.earned, standing, curve: decayCurve(now, policy), nextDropAt: null, earnedAfterDrop: null };
}

export function projectMerged(p: PullFact, standing: PullStanding, policy: RepoPolicy, now: number): Projection {
  const mergedAt = p.mergedAt ?? now;
  const next = nextDecayDrop(mergedAt, now, policy);
  const m = standing.multipliers;
  const after = next === null ? null : standing.base * m.issue * m.label * m.spam * m.review * decayFactor(mergedAt, next, policy.scoring.timeDecay);
  return { earnedNow: standing.earned, standing, curve: decayCurve(mergedAt, policy), nextDropAt: next, earnedAfterDrop: after };
}
