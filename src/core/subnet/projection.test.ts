import { describe, expect, it } from 'vitest';
import { DAY, HOUR, linked, NOW, policy, pull, times } from '../../test/subnet-factories.ts';
import { decayCurve, nextDecayDrop, projectMerged, projectOpen } from './projection.ts';
import { evaluatePulls } from './pulls.ts';

const BASE = 20.87;

describe('projection', () => {
  it('an open pull request merged now: its earnings and its decay curve', () => {
    const pol = policy();
    const open = pull({ state: 'open', linkedIssues: [linked({ state: 'open', stateReason: null, closedAt: null })] });
    const side = evaluatePulls(pol, NOW, [...times(3, () => pull()), open]);
    const p = projectOpen(open, pol, NOW, side);
    expect(p.earnedNow).toBeCloseTo(BASE * 1.33, 10);
    expect(p.curve.graceEndsAt).toBe(NOW + 12 * HOUR);
    expect(p.curve.halvesAt).toBe(NOW + 10 * DAY);
    expect(p.curve.floorAt! - NOW).toBeCloseTo((10 + Math.log(1 / 0.05 - 1) / 0.4) * DAY, 0); // about 17.36 days
  });

  it('an open pull request that would merge past the cliff projects 0', () => {
    const pol = policy();
    const open = times(4, () => pull({ state: 'open' }));
    // 3 merged (300 tokens) + this one (100) → threshold 2 + ⌊400 / 300⌋ = 3; 3 others still open: not past it.
    const side = evaluatePulls(pol, NOW, [...times(3, () => pull()), ...open]);
    expect(projectOpen(open[0]!, pol, NOW, side).standing.multipliers.spam).toBe(1);
    const six = times(6, () => pull({ state: 'open' }));
    const crowded = evaluatePulls(pol, NOW, [...times(3, () => pull()), ...six]);
    expect(projectOpen(six[0]!, pol, NOW, crowded).earnedNow).toBe(0);
  });

  it('a merged pull request within grace: the next drop is the end of grace', () => {
    const pol = policy();
    const p = pull({ mergedAt: NOW - 2 * HOUR });
    const side = evaluatePulls(pol, NOW, [p, pull(), pull()]);
    const proj = projectMerged(p, side.pulls.find((x) => x.number === p.number)!, pol, NOW);
    expect(proj.nextDropAt).toBe(p.mergedAt! + 12 * HOUR);
    expect(proj.earnedAfterDrop).toBeCloseTo(BASE * 0.98, 10);
  });

  it('a merged pull request 5 days old: 0.88 until the sigmoid falls below 0.875', () => {
    const pol = policy();
    const mergedAt = NOW - 5 * DAY;
    const expected = mergedAt + (10 + Math.log(1 / 0.875 - 1) / 0.4) * DAY; // about 5.135 days after merge
    expect(Math.abs(nextDecayDrop(mergedAt, NOW, pol)! - expected)).toBeLessThan(2000);
  });

  it('at the floor there is no next drop', () => {
    expect(nextDecayDrop(NOW - 20 * DAY, NOW, policy())).toBeNull();
  });

  it('a floor of 0 is never reached; the tuned curve halves at 3.33 days', () => {
    const tuned = policy({ scoring: { time_decay: { grace_period_hours: 4, sigmoid_midpoint_days: 3.33, sigmoid_steepness: 1.2, min_multiplier: 0 } } });
    const c = decayCurve(NOW, tuned);
    expect(c).toMatchObject({ graceEndsAt: NOW + 4 * HOUR, floorAt: null, floor: 0 });
    expect(c.halvesAt).toBeCloseTo(NOW + 3.33 * DAY, 0);
  });
});
