/**
 * Figures of a phase timed several times (`--runs`, three by default): each figure's
 * lowest, median and highest value over the runs, with every run's value in the order
 * they were measured. A route's figures are spread one by one (the median p50 and the
 * median p99 may come from different runs).
 */
import type { LoadResult } from './load.ts';

export interface Spread {
  min: number;
  median: number;
  max: number;
  /** Every run's value, in run order. */
  runs: number[];
}

export interface RouteSpread {
  route: string;
  p50_ms: Spread;
  p99_ms: Spread;
  max_ms: Spread;
  rps: Spread;
  /** Over all runs. */
  requests: number;
  non_2xx: number;
}

export interface LoopDelay {
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

export type LoopSpread = { [K in keyof LoopDelay]: Spread };

/** `values` rounded to `digits` decimals; the median of an even count is the mean of the middle two. */
export function spread(values: number[], digits = 1): Spread {
  if (values.length === 0) throw new Error('spread of no values');
  const f = 10 ** digits;
  const runs = values.map((v) => Math.round(v * f) / f);
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : Math.round(((sorted[mid - 1]! + sorted[mid]!) / 2) * f) / f;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]!, runs };
}

/** Per route, over runs that each loaded the same routes in the same order. */
export function routeSpreads(runs: LoadResult[][]): RouteSpread[] {
  return runs[0]!.map((first, i) => {
    const rows = runs.map((r) => r[i]!);
    return {
      route: first.route,
      p50_ms: spread(rows.map((x) => x.p50_ms)),
      p99_ms: spread(rows.map((x) => x.p99_ms)),
      max_ms: spread(rows.map((x) => x.max_ms)),
      rps: spread(rows.map((x) => x.rps), 0),
      requests: rows.reduce((s, x) => s + x.requests, 0),
      non_2xx: rows.reduce((s, x) => s + x.non_2xx, 0),
    };
  });
}

export function loopSpread(runs: LoopDelay[]): LoopSpread {
  return { p50_ms: spread(runs.map((l) => l.p50_ms)), p99_ms: spread(runs.map((l) => l.p99_ms)), max_ms: spread(runs.map((l) => l.max_ms)) };
}
