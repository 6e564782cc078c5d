import { DAY_MS, HOUR_MS } from './facts.ts';
import type { TimeDecayPolicy } from './policy.ts';
import { round2 } from './round.ts';

/**
 * Time decay after merge (`calculate_time_decay`): 1 within the grace hours, then
 * max(1 / (1 + e^(k·(d − m))), floor) with d the days since merge; rounded to 2
 * decimals as a factor.
 */
export function rawDecay(ageMs: number, td: TimeDecayPolicy): number {
  if (ageMs / HOUR_MS < td.gracePeriodHours) return 1;
  const days = ageMs / DAY_MS;
  return Math.max(1 / (1 + Math.exp(td.sigmoidSteepness * (days - td.sigmoidMidpointDays))), td.minMultiplier);
}

export function decayFactor(mergedAt: number, now: number, td: TimeDecayPolicy): number {
  return round2(rawDecay(now - mergedAt, td));
}

/** Age (days) at which the sigmoid equals `value` (0 < value < 1). */
export function ageForSigmoid(value: number, td: TimeDecayPolicy): number {
  return td.sigmoidMidpointDays + Math.log(1 / value - 1) / td.sigmoidSteepness;
}
