/**
 * Official versus ours: where the validators' score of a pull request and the
 * hub's own evaluation of it disagree. The store decides which factors differ
 * (src/db/score-drift.queries.ts, one read-only query); this names them and
 * shapes the two breakdowns side by side.
 *
 * Both sides keep every factor to 2 decimals (Python's round), and the hub sums
 * unrounded products where the validator does: two honest computations of the
 * same value can land one unit apart in the last place (1.005 → 1.00 or 1.01).
 * So a factor differs only when the two values are more than 0.01 apart.
 */

/** Largest difference that is still rounding (one unit in the second decimal, plus float noise). */
export const DRIFT_TOLERANCE = 0.01 + 1e-9;

/**
 * The compared fields, in report order. `state` always; `score` (earned) and
 * `collateral` always; base, issue, label and spam where neither side closed or
 * dropped the pull request; decay and review only on merged ones (an open pull
 * request has no decay yet, and the validator's review factor of one is its
 * collateral's business).
 */
export const DRIFT_FIELDS = ['state', 'score', 'collateral', 'base', 'issue', 'label', 'spam', 'decay', 'review'] as const;
export type DriftField = (typeof DRIFT_FIELDS)[number];

export interface Breakdown {
  state: 'open' | 'merged' | 'closed' | null;
  score: number | null;
  collateral: number | null;
  base: number | null;
  multipliers: { issue: number | null; label: number | null; decay: number | null; review: number | null; spam: number | null };
}

export interface OfficialBreakdown extends Breakdown {
  tokenScore: number | null;
}

export interface HubBreakdown extends Breakdown {
  counted: boolean | null;
  excluded: string | null;
  reasons: string[];
}

export interface DriftRowLike {
  pr_state: string;
  score: number;
  collateral_score: number | null;
  base_score: number | null;
  token_score: number | null;
  issue_multiplier: number | null;
  label_multiplier: number | null;
  time_decay_multiplier: number | null;
  review_quality_multiplier: number | null;
  open_pr_spam_multiplier: number | null;
  /** The hub's pull entry (JSON), as stored. */
  entry: string;
  /** One flag per field of DRIFT_FIELDS, as the store computed it. */
  flags: Record<DriftField, number>;
}

const STATES = new Set(['open', 'merged', 'closed']);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const asState = (v: unknown): Breakdown['state'] => (typeof v === 'string' && STATES.has(v.toLowerCase()) ? (v.toLowerCase() as Breakdown['state']) : null);

export function officialBreakdown(r: DriftRowLike): OfficialBreakdown {
  return {
    state: asState(r.pr_state),
    score: r.score,
    collateral: r.collateral_score,
    base: r.base_score,
    tokenScore: r.token_score,
    multipliers: { issue: r.issue_multiplier, label: r.label_multiplier, decay: r.time_decay_multiplier, review: r.review_quality_multiplier, spam: r.open_pr_spam_multiplier },
  };
}

export function hubBreakdown(entryJson: string): HubBreakdown {
  let e: Record<string, unknown> = {};
  try {
    const v = JSON.parse(entryJson) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) e = v as Record<string, unknown>;
  } catch {
    // A damaged entry shows as unknown values; the store never compares it.
  }
  const m = (e.multipliers && typeof e.multipliers === 'object' ? e.multipliers : {}) as Record<string, unknown>;
  return {
    state: asState(e.state),
    score: num(e.earned),
    collateral: num(e.collateral),
    base: num(e.base),
    counted: typeof e.counted === 'boolean' ? e.counted : null,
    excluded: typeof e.excluded === 'string' ? e.excluded : null,
    reasons: Array.isArray(e.reasons) ? e.reasons.filter((x): x is string => typeof x === 'string') : [],
    multipliers: { issue: num(m.issue), label: num(m.label), decay: num(m.decay), review: num(m.review), spam: num(m.spam) },
  };
}

export function differingFields(flags: Record<DriftField, number>): DriftField[] {
  return DRIFT_FIELDS.filter((f) => flags[f] === 1);
}
