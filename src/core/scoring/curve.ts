/**
 * The projection curve (docs/scoring.md, "Projection"): what the rules give a miner in a
 * repository at a few days ahead, nothing new happening (no merge, no close, no new pull
 * request). Each point is the whole evaluation at that time, so decay, the lookback window
 * letting items go and the gates moving with them are all the rules' own. The scoring job
 * computes it with the standing; routes only read it.
 */
import { evaluateRepo, type RepoStanding } from '../subnet/evaluate.ts';
import { DAY_MS, type IssueFact, type MinerIdentity, type PullFact } from '../subnet/facts.ts';
import type { RepoPolicy } from '../subnet/policy.ts';
import { round2 } from '../subnet/round.ts';

/** Days ahead of the evaluation that the curve has a point for: dense first, where decay moves most. */
export const PROJECTION_DAYS = [0, 1, 2, 3, 5, 7, 10, 14, 21, 30] as const;

export interface Curve {
  /** PR total (max(0, earned − collateral), 0 where not eligible) at each of PROJECTION_DAYS. */
  pr: number[];
  /** Issue-discovery total at each of PROJECTION_DAYS. */
  issue: number[];
}

export const zeroCurve = (): Curve => ({ pr: PROJECTION_DAYS.map(() => 0), issue: PROJECTION_DAYS.map(() => 0) });

/**
 * The curve of one author from today's standing. Earnings only come from merged pull
 * requests and solved issues that already exist, so with neither total above 0 today
 * nothing can rise later without new activity: the later points are 0 and not evaluated.
 */
export function standingCurve(policy: RepoPolicy, now: number, identity: MinerIdentity, pulls: readonly PullFact[], issues: readonly IssueFact[], today: RepoStanding): Curve {
  const curve: Curve = { pr: [round2(today.total)], issue: [round2(today.issueDiscovery.total)] };
  const idle = today.total <= 0 && today.issueDiscovery.total <= 0 && !pulls.some((p) => p.state === 'merged');
  for (const day of PROJECTION_DAYS.slice(1)) {
    if (idle) {
      curve.pr.push(0);
      curve.issue.push(0);
      continue;
    }
    const later = evaluateRepo(policy, now + day * DAY_MS, identity, pulls, issues);
    curve.pr.push(round2(later.total));
    curve.issue.push(round2(later.issueDiscovery.total));
  }
  return curve;
}

/** Point-wise sums of many curves (a repository's, over its authors). */
export function sumCurves(curves: Iterable<Curve>): Curve {
  const out = zeroCurve();
  for (const c of curves)
    for (let i = 0; i < PROJECTION_DAYS.length; i++) {
      out.pr[i]! += c.pr[i] ?? 0;
      out.issue[i]! += c.issue[i] ?? 0;
    }
  return { pr: out.pr.map(round2), issue: out.issue.map(round2) };
}

/** A stored curve, or null when it is absent or not of this shape (stored before the projection existed). */
export function parseCurve(text: string | null): Curve | null {
  if (!text) return null;
  try {
    const c = JSON.parse(text) as Partial<Curve>;
    const ok = (a: unknown): a is number[] => Array.isArray(a) && a.length === PROJECTION_DAYS.length && a.every((v) => typeof v === 'number' && Number.isFinite(v));
    return ok(c.pr) && ok(c.issue) ? { pr: c.pr, issue: c.issue } : null;
  } catch {
    return null;
  }
}
