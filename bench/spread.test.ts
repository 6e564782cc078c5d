import { describe, expect, it } from 'vitest';
import type { LoadResult } from './load.ts';
import { loopSpread, routeSpreads, spread } from './spread.ts';

describe('spread', () => {
  it('gives the lowest, the middle and the highest of an odd count, and keeps the runs in their order', () => {
    expect(spread([7.44, 5.21, 6.06])).toEqual({ min: 5.2, median: 6.1, max: 7.4, runs: [7.4, 5.2, 6.1] });
  });

  it('takes the mean of the middle two for an even count, and a single run as all three', () => {
    expect(spread([10, 40, 20, 30], 0)).toEqual({ min: 10, median: 25, max: 40, runs: [10, 40, 20, 30] });
    expect(spread([0.123], 2)).toEqual({ min: 0.12, median: 0.12, max: 0.12, runs: [0.12] });
  });

  it('refuses no values rather than inventing a figure', () => {
    expect(() => spread([])).toThrow();
  });
});

describe('routeSpreads', () => {
  const row = (route: string, p50: number, p99: number, max: number, rps: number, non2xx = 0): LoadResult => ({ route, p50_ms: p50, p99_ms: p99, max_ms: max, rps, requests: rps * 2, non_2xx: non2xx });

  it('spreads each figure of a route on its own, over the runs, and adds up requests and failures', () => {
    const runs = [
      [row('issue list', 3, 9, 12, 100), row('search', 12, 30, 40, 98, 1)],
      [row('issue list', 2, 14, 20, 99), row('search', 11, 35, 36, 100)],
      [row('issue list', 4, 7, 30, 100), row('search', 13, 28, 50, 97, 2)],
    ];
    const [list, search] = routeSpreads(runs);
    // The median p99 (9) comes from run 1, the median max (20) from run 2.
    expect(list).toEqual({
      route: 'issue list',
      p50_ms: { min: 2, median: 3, max: 4, runs: [3, 2, 4] },
      p99_ms: { min: 7, median: 9, max: 14, runs: [9, 14, 7] },
      max_ms: { min: 12, median: 20, max: 30, runs: [12, 20, 30] },
      rps: { min: 99, median: 100, max: 100, runs: [100, 99, 100] },
      requests: 598,
      non_2xx: 0,
    });
    expect(search!.route).toBe('search');
    expect(search!.p99_ms.median).toBe(30);
    expect(search!.requests).toBe(590);
    expect(search!.non_2xx).toBe(3);
  });

  it('spreads the event-loop delay figure by figure', () => {
    expect(loopSpread([{ p50_ms: 1.1, p99_ms: 7, max_ms: 52 }, { p50_ms: 1.2, p99_ms: 8, max_ms: 20 }, { p50_ms: 1, p99_ms: 6, max_ms: 31 }]).max_ms).toEqual({ min: 20, median: 31, max: 52, runs: [52, 20, 31] });
  });
});
