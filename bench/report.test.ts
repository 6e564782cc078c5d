import { describe, expect, it } from 'vitest';
import type { LoadResult } from './load.ts';
import { comparisonTable, storeBlock, type SavedRun } from './report.ts';
import type { RouteSpread, Spread } from './spread.ts';

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

describe('the side-by-side table, from a run saved before the figures were taken over runs', () => {
  const rows = comparisonTable([sqliteRun, null]).split('\n');
  const row = (label: string) => rows.find((r) => r.startsWith(`| ${label} |`));

  it('has a column per store, and a store without a saved run reads "not run" in every row', () => {
    expect(rows[0]).toBe('| figure | SQLite | PostgreSQL |');
    // 26 figures: measured, scale, runs, settings, 8 sync rows, 9 route rows, commits, loop, relink, memory, size.
    expect(rows).toHaveLength(2 + 26);
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

/** Three runs' values, written out by hand: min, median, max and the runs in order. */
const three = (a: number, b: number, c: number): Spread => {
  const sorted = [a, b, c].sort((x, y) => x - y);
  return { min: sorted[0]!, median: sorted[1]!, max: sorted[2]!, runs: [a, b, c] };
};
const spreadLoad = (route: string, p50: Spread, p99: Spread, rps: Spread): RouteSpread => ({ route, p50_ms: p50, p99_ms: p99, max_ms: three(50, 60, 70), rps, requests: 600, non_2xx: 0 });

const spreadRun: SavedRun = {
  ...sqliteRun,
  scale: { ...sqliteRun.scale, runs: 3 },
  results: {
    sync: {
      runs: 3,
      items: 1200,
      pull_requests: 630,
      repositories: 4,
      store_mb: 9,
      seconds: three(7.4, 5.2, 6),
      items_per_s: three(162, 229, 200),
      worker_cpu_us_per_item: three(1879, 1881, 1884),
      worker_peak_rss_mb: three(222, 215, 204),
      limits: { pages_fetched: 28, megabytes_fetched: 7.2, graphql_requests: 21, graphql_requests_replayed: 20, raw_insert_rows: 1200, plain_fetch_items_per_s: three(773, 1225, 887), json_parse_items_per_s: three(12603, 16989, 27011), raw_insert_with_search_index_items_per_s: three(3218, 4646, 4145), raw_insert_without_search_index_items_per_s: three(18184, 22044, 49093) },
      ratio_to: { plain_fetch: three(0.21, 0.19, 0.23), json_parse: three(0.01, 0.01, 0.02), raw_insert_with_search_index: three(0.05, 0.04, 0.05) },
      first_pass: { requests: 49, quota: 49, failed: 0 },
      unchanged_pass: { requests: 12, quota: 3, not_modified: 9, seconds: three(0.4, 0.4, 0.7) },
    },
    api_alone: { runs: 3, routes: [spreadLoad('issue list', three(3, 2, 4), three(9, 14, 7), three(100, 99, 100))], loop: { p50_ms: three(1, 1, 1), p99_ms: three(5, 6, 7), max_ms: three(20, 31, 52) }, saturated: [spreadLoad('issue list', three(2, 2, 2), three(11, 12, 10), three(2216, 1900, 2400))] },
    memory: { simulator_rss_mb: 197, worker_peak_rss_mb: { sync: three(222, 215, 204), relink: 240, resync: three(200, 210, 205) }, server_peak_rss_mb: { after_api_alone: 180, after_background_work: 230, after_commits: 250 } },
    page: { cold_loads: 5, median_ms: 926, min_ms: 858, max_ms: 1040, loads_ms: [1040, 926, 858, 990, 900], js_bundle_bytes: 1130773, js_bundle_gzip_bytes: 337224 },
  },
};

describe('the side-by-side table, from a run that took each figure over runs', () => {
  const rows = comparisonTable([spreadRun, null]).split('\n');
  const row = (label: string) => rows.find((r) => r.startsWith(`| ${label} |`));

  it('gives each figure as its median with the range of the runs', () => {
    expect(row('runs per timed phase (a figure: median, then the range)')).toBe('| runs per timed phase (a figure: median, then the range) | 3 | not run |');
    expect(row('sync, items/s')).toBe('| sync, items/s | 200 (162–229) | not run |');
    expect(row('raw-insert limit of the store, items/s with / without the search index')).toBe('| raw-insert limit of the store, items/s with / without the search index | 4,145 (3,218–4,646) / 22,044 (18,184–49,093) | not run |');
    expect(row("sync's ratio to its store's raw-insert limit (with the search index)")).toBe("| sync's ratio to its store's raw-insert limit (with the search index) | 0.05 (0.04–0.05) | not run |");
    expect(row('plain-fetch / `JSON.parse` limits of the same pages, items/s')).toBe('| plain-fetch / `JSON.parse` limits of the same pages, items/s | 887 (773–1,225) / 16,989 (12,603–27,011) | not run |');
    expect(row("sync's ratio to the plain fetch / to `JSON.parse`")).toBe("| sync's ratio to the plain fetch / to `JSON.parse` | 0.21 (0.19–0.23) / 0.01 (0.01–0.02) | not run |");
    expect(row('issue list: p50 / p99 ms, alone at the fixed rate')).toBe('| issue list: p50 / p99 ms, alone at the fixed rate | 3 (2–4) / 9 (7–14) | not run |');
    expect(row('issue list: requests/s, 8 connections as fast as it answers')).toBe('| issue list: requests/s, 8 connections as fast as it answers | 2,216 (1,900–2,400) | not run |');
    // The server's peak is the highest of its readings; the busy and commit phases did not run here.
    expect(row('peak RSS MB: server / sync worker')).toBe('| peak RSS MB: server / sync worker | 250 / 215 (204–222) | not run |');
    expect(row('worst server event-loop delay ms: alone / relink and re-sync / sync commits')).toBe('| worst server event-loop delay ms: alone / relink and re-sync / sync commits | 31 (20–52) / – / – | not run |');
  });

  it('reads "–" for the limits and memory an older run never measured', () => {
    const old = comparisonTable([sqliteRun, null]).split('\n');
    expect(old.find((r) => r.startsWith('| plain-fetch'))).toBe('| plain-fetch / `JSON.parse` limits of the same pages, items/s | – / – | not run |');
    expect(old.find((r) => r.startsWith('| peak RSS'))).toBe('| peak RSS MB: server / sync worker | – / – | not run |');
    expect(old.find((r) => r.startsWith('| runs per timed phase'))).toBe('| runs per timed phase (a figure: median, then the range) | 1 | not run |');
  });
});

describe("a store's block", () => {
  const block = storeBlock({ ...spreadRun, skipped: ['tokens'] }).split('\n');
  const line = (start: string) => block.find((l) => l.startsWith(start));

  it('gives each figure as min / median / max with how it was taken', () => {
    expect(line('| items/s |')).toBe("| items/s | 162 / 200 / 229 | items stored over the sync's wall time |");
    expect(line("| sync's ratio to the plain fetch |")).toBe("| sync's ratio to the plain fetch | 0.19 / 0.21 / 0.23 | each run's items/s over its own limit's |");
    expect(line('| limit: plain fetch, items/s |')).toContain(
      "| 773 / 887 / 1,225 | Node's `fetch` of the 28 pages the sync fetched (from the simulator's log) and 20 GraphQL queries rebuilt from the store with the sync's own query builders (the sync sent 21: the rest are follow-up pages of long connections) (7.2 MB",
    );
    expect(line('| issue list |')).toBe('| issue list | 2 / 3 / 4 | 7 / 9 / 14 | 50 / 60 / 70 | 99 / 100 / 100 | 0 |');
    expect(line('Server event-loop delay during the load')).toContain('p50 1 / 1 / 1, p99 5 / 6 / 7, max 20 / 31 / 52 ms');
  });

  it("reports the page's paint as the median of its cold loads, not the best", () => {
    expect(line('| first meaningful paint, ms |')).toMatch(/^\| first meaningful paint, ms \| 858 \/ 926 \/ 1,040 \| the median of 5 cold loads .*every load: 1040, 926, 858, 990, 900 ms \|$/);
  });

  it("gives the server's and the workers' peak resident memory", () => {
    expect(line('| server, after background work |')).toBe("| server, after background work | 230 | the server's resident memory sampled every 50 ms, its peak so far (one process for every phase) |");
    expect(line('| worker, full sync |')).toBe("| worker, full sync | 204 / 215 / 222 | each sync's worker process, after its sync |");
    expect(line('| worker, relinks |')).toBe('| worker, relinks | 240 | the relinking worker after its runs |');
  });

  it('says which phases did not run, and leaves them out of a run of --only', () => {
    expect(block).toContain('Not run (--skip tokens).');
    const partial = storeBlock({ ...spreadRun, skipped: ['tokens'] }, true);
    expect(partial).not.toContain('Not run');
    expect(partial).not.toContain('### Token scoring');
    expect(partial).toContain('### Sync');
  });
});
