import { DAY_MS } from './facts.ts';

/**
 * The lookback window (`pr_lookback_days`): open and closed pull requests (and
 * open issues) count by creation time, merged ones (and closed issues) by merge or
 * close time. The window includes its start instant.
 */
export function windowStart(now: number, lookbackDays: number): number {
  return now - lookbackDays * DAY_MS;
}

export function inWindow(anchor: number | null, now: number, lookbackDays: number): boolean {
  return anchor !== null && anchor >= now - lookbackDays * DAY_MS && anchor <= now;
}

/** The instant a pull request is judged by: merge time when merged, else creation. */
export function pullAnchor(p: { state: 'open' | 'merged' | 'closed'; createdAt: number; mergedAt: number | null }): number | null {
  return p.state === 'merged' ? p.mergedAt : p.createdAt;
}
