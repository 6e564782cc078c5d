import { describe, expect, it } from 'vitest';
import type { LoadResult } from './load.ts';
import { comparisonTable, type SavedRun } from './report.ts';

const load = (route: string, p50: number, p99: number, rps: number): LoadResult => ({ route, p50_ms: p50, p99_ms: p99, max_ms: p99 + 1, rps, requests: rps * 2, non_2xx: 0 });

const sqliteRun: SavedRun = {
  store: 'sqlite',
  measured_at: '2026-12-02T06:00:00.000Z',
  machine: '2 cores',
  about: { journal_mode: 'wal', synchronous: 'normal' },
  scale: { repos: 4, items: 300, seconds: 2, rate: 100, relink: 500, commit_rate: 1000, commit_seconds: 3 },
  skipped: ['tokens'],
  results: {
    sync: { items: 1200, items_per_s: 105, worker_cpu_us_per_item: 2897, reference_raw_insert: { rows: 1200, with_search_index_items_per_s: 2338, without_search_index_items_per_s: 12815 }, ratio_to_raw_insert_with_search_index: 0.04, store_mb: 9 },
    api_alone: { routes: [load('issue list', 35, 192, 100), load('issue detail', 22, 256, 100), load('search', 30, 132, 100)], loop: { max_ms: 321.91 }, saturated: [load('issue list', 40, 90, 183)] },
    api_busy: { routes: [load('issue list', 21, 109, 98)], loop_until_work_done: { max_ms: 98.83 } },
    api_during_sync: { route: load('issue list', 32, 174, 126), loop: { max_ms: 140.64 } },
    relink: { per_s: 2755 },
  },
};

describe('the side-by-side table', () => {
  const rows = comparisonTable([sqliteRun, null]).split('\n');
  const row = (label: string) => rows.find((r) => r.startsWith(`| ${label} |`));

  it('has a column per store, and a store without a saved run reads "not run" in every row', () => {
    expect(rows[0]).toBe('| figure | SQLite | PostgreSQL |');
    // 21 figures: measured, scale, settings, 5 sync rows, 9 route rows, commits, loop, relink, size.
    expect(rows).toHaveLength(2 + 21);
    for (const r of rows.slice(2)) expect(r.endsWith('| not run |')).toBe(true);
  });

  it("states the run's date and scale, and takes each figure from its phase", () => {
    expect(row('measured')).toBe('| measured | 2026-12-02, 2 cores | not run |');
    expect(row('scale')).toBe('| scale | 4 repositories × 300 items; 2 s load phases at 100 requests/s; relink target 500; commits phase 1,000 requests/s for 3 s | not run |');
    expect(row('sync, items/s')).toBe('| sync, items/s | 105 | not run |');
    expect(row('raw-insert limit of the store, items/s with / without the search index')).toBe('| raw-insert limit of the store, items/s with / without the search index | 2,338 / 12,815 | not run |');
    // A ratio keeps two decimals: 0.04 is not rounded to 0.
    expect(row("sync's ratio to its store's raw-insert limit (with the search index)")).toBe("| sync's ratio to its store's raw-insert limit (with the search index) | 0.04 | not run |");
    expect(row('issue detail: p50 / p99 ms, alone at the fixed rate')).toBe('| issue detail: p50 / p99 ms, alone at the fixed rate | 22 / 256 | not run |');
    expect(row('issue list while a sync commits: p50 / p99 / max ms, requests/s answered')).toBe('| issue list while a sync commits: p50 / p99 / max ms, requests/s answered | 32 / 174 / 175, 126 | not run |');
    expect(row('worst server event-loop delay ms: alone / relink and re-sync / sync commits')).toBe('| worst server event-loop delay ms: alone / relink and re-sync / sync commits | 321.91 / 98.83 / 140.64 | not run |');
  });

  it('marks a figure the run did not measure with a dash instead of inventing one', () => {
    // The busy phase above measured the issue list only; the saturated phase too.
    expect(row('search: p50 / p99 ms, at the fixed rate during a relink and a re-sync')).toBe('| search: p50 / p99 ms, at the fixed rate during a relink and a re-sync | – | not run |');
    expect(row('issue detail: requests/s, 8 connections as fast as it answers')).toBe('| issue detail: requests/s, 8 connections as fast as it answers | – | not run |');
  });
});
