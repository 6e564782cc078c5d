/**
 * The bench's records: each store's run saved as JSON (bench/.out/results-<store>.json),
 * its block in docs/benchmarks.md (SQLite between `bench:start` / `bench:end`,
 * PostgreSQL between `bench:postgres:start` / `bench:postgres:end`), and the table of
 * the two latest runs side by side (`bench:compare:start` / `bench:compare:end`),
 * rebuilt from the saved results after every run and by `--only compare`. A store
 * without a saved run is "not run" in that table: nothing is filled in.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { LoadResult } from './load.ts';
import type { StoreKind } from './store.ts';

export interface RunScale {
  repos: number;
  items: number;
  seconds: number;
  rate: number;
  relink: number;
  commit_rate: number;
  commit_seconds: number;
}

export interface SavedRun {
  store: StoreKind;
  /** ISO time the run ended. */
  measured_at: string;
  machine: string;
  about: Record<string, string>;
  scale: RunScale;
  skipped: string[];
  results: Record<string, unknown>;
}

const DOC = new URL('../docs/benchmarks.md', import.meta.url);
const STORES: { kind: StoreKind; title: string; marker: string }[] = [
  { kind: 'sqlite', title: 'SQLite', marker: 'bench' },
  { kind: 'postgres', title: 'PostgreSQL', marker: 'bench:postgres' },
];

const resultsFile = (out: URL, store: StoreKind) => new URL(`results-${store}.json`, out);

/** Saves the run, writes its block into docs/benchmarks.md, and rebuilds the side-by-side table. */
export function recordRun(out: URL, run: Omit<SavedRun, 'measured_at' | 'machine'>): void {
  const saved: SavedRun = { ...run, measured_at: new Date().toISOString(), machine: `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}` };
  writeFileSync(resultsFile(out, run.store), `${JSON.stringify(saved, null, 2)}\n`);
  const block = storeBlock(saved);
  replaceMarked(STORES.find((s) => s.kind === run.store)!.marker, block);
  console.log(`\n${block}\n\n[bench] saved in ${resultsFile(out, run.store).pathname}, recorded in docs/benchmarks.md`);
  writeComparison(out);
}

/** Rebuilds the side-by-side table in docs/benchmarks.md from the saved results. */
export function writeComparison(out: URL): void {
  const runs = STORES.map((s) => readRun(resultsFile(out, s.kind)));
  const table = comparisonTable(runs);
  replaceMarked('bench:compare', table);
  console.log(`\n${table}\n\n[bench] side-by-side table recorded in docs/benchmarks.md`);
}

function readRun(file: URL): SavedRun | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as SavedRun;
}

function replaceMarked(marker: string, content: string): void {
  const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n';
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const section = `${start}\n${content}\n${end}`;
  writeFileSync(DOC, from >= 0 && to > from ? current.slice(0, from) + section + current.slice(to + end.length) : `${current.trimEnd()}\n\n${section}\n`);
}

type Results = Record<string, Record<string, unknown> | undefined>;

const json = (value: unknown) => ['```json', JSON.stringify(value, null, 2), '```'];

function routeTable(rows: LoadResult[]): string {
  return ['| route | p50 ms | p99 ms | max ms | requests/s | non-2xx |', '| --- | --- | --- | --- | --- | --- |', ...rows.map((x) => `| ${x.route} | ${x.p50_ms} | ${x.p99_ms} | ${x.max_ms} | ${x.rps} | ${x.non_2xx} |`)].join('\n');
}

/** One store's figures, as the SQLite block has always read. */
function storeBlock(run: SavedRun): string {
  const r = run.results as Results;
  const { scale } = run;
  const skippedNote = (phase: string) => [`Not run (${run.store === 'postgres' ? 'it never touches the store: see the SQLite run' : `--skip ${phase}`}).`, ''];
  const optional = (title: string, phase: string, value: unknown) => [title, ...(value === undefined ? skippedNote(phase) : json(value))];
  return [
    `Measured ${run.measured_at.slice(0, 10)} on ${run.machine}; ${scale.repos} repositories × ${scale.items} items; load phases of ${scale.seconds} s with 8 connections, latency at ${scale.rate} requests/s.`,
    ...(run.store === 'postgres' ? ['', `Store: PostgreSQL, ${Object.entries(run.about).map(([k, v]) => `${k} ${v}`).join(', ')}.`] : []),
    '',
    '### Sync',
    ...json(r.sync),
    ...optional('### Parser', 'parser', r.parser),
    ...optional('### Token scoring (docs/token-scores.md)', 'tokens', r.tokens),
    ...optional('### Token scores of 1,000 pull requests: requests and quota (docs/token-scores.md)', 'tokens', r.token_quota),
    `### API with the store alone, at ${scale.rate} requests/s`,
    routeTable((r.api_alone?.routes as LoadResult[]) ?? []),
    '',
    `Server event-loop delay during the load: ${JSON.stringify(r.api_alone?.loop)}`,
    '',
    '### API throughput: as fast as it answers, 8 connections (latency here includes queueing)',
    routeTable((r.api_alone?.saturated as LoadResult[]) ?? []),
    '',
    `### API at ${scale.rate} requests/s while a relink and a full re-sync run in the worker`,
    routeTable((r.api_busy?.routes as LoadResult[]) ?? []),
    '',
    `Server event-loop delay: during the load ${JSON.stringify(r.api_busy?.loop_during_load)}; until the background work ended ${JSON.stringify(r.api_busy?.loop_until_work_done)}`,
    '',
    `### Issue list offered ${String(r.api_during_sync?.offered_rps)} requests/s for ${String(r.api_during_sync?.seconds)} s while a sync of a tenth of the repositories commits`,
    routeTable(r.api_during_sync ? [r.api_during_sync.route as LoadResult] : []),
    '',
    `Server event-loop delay: ${JSON.stringify(r.api_during_sync?.loop)}`,
    '',
    '### Relink',
    ...json({ relink: r.relink, resync_during_it: r.resync }),
    ...(r.page ? ['### Page', ...json(r.page)] : []),
  ].join('\n');
}

type Cell = (r: Results, run: SavedRun) => string;

const num = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? (Number.isInteger(v) ? v.toLocaleString('en-US') : String(Math.round(v * 100) / 100)) : '–');
const route = (rows: unknown, name: string): LoadResult | undefined => (rows as LoadResult[] | undefined)?.find((x) => x.route === name);
const latency = (x: LoadResult | undefined) => (x ? `${num(x.p50_ms)} / ${num(x.p99_ms)}` : '–');
const maxLoop = (loop: unknown) => num((loop as { max_ms?: number } | undefined)?.max_ms);

const ROUTES = ['issue list', 'issue detail', 'search'];

const ROWS: [string, Cell][] = [
  ['measured', (_, run) => `${run.measured_at.slice(0, 10)}, ${run.machine}`],
  ['scale', (_, run) => `${num(run.scale.repos)} repositories × ${num(run.scale.items)} items; ${num(run.scale.seconds)} s load phases at ${num(run.scale.rate)} requests/s; relink target ${num(run.scale.relink)}; commits phase ${num(run.scale.commit_rate)} requests/s for ${num(run.scale.commit_seconds)} s`],
  ['store settings', (_, run) => Object.entries(run.about).map(([k, v]) => `${k} ${v}`).join(', ')],
  ['sync, items stored', (r) => num(r.sync?.items)],
  ['sync, items/s', (r) => num(r.sync?.items_per_s)],
  ['sync, worker CPU µs per item', (r) => num(r.sync?.worker_cpu_us_per_item)],
  [
    "raw-insert limit of the store, items/s with / without the search index",
    (r) => {
      const raw = r.sync?.reference_raw_insert as { with_search_index_items_per_s?: number; without_search_index_items_per_s?: number } | undefined;
      return `${num(raw?.with_search_index_items_per_s)} / ${num(raw?.without_search_index_items_per_s)}`;
    },
  ],
  ["sync's ratio to its store's raw-insert limit (with the search index)", (r) => num(r.sync?.ratio_to_raw_insert_with_search_index)],
  ...ROUTES.map((name): [string, Cell] => [`${name}: p50 / p99 ms, alone at the fixed rate`, (r) => latency(route(r.api_alone?.routes, name))]),
  ...ROUTES.map((name): [string, Cell] => [`${name}: p50 / p99 ms, at the fixed rate during a relink and a re-sync`, (r) => latency(route(r.api_busy?.routes, name))]),
  ...ROUTES.map((name): [string, Cell] => [`${name}: requests/s, 8 connections as fast as it answers`, (r) => num(route(r.api_alone?.saturated, name)?.rps)]),
  [
    'issue list while a sync commits: p50 / p99 / max ms, requests/s answered',
    (r) => {
      const x = r.api_during_sync?.route as LoadResult | undefined;
      return x ? `${num(x.p50_ms)} / ${num(x.p99_ms)} / ${num(x.max_ms)}, ${num(x.rps)}` : '–';
    },
  ],
  ['worst server event-loop delay ms: alone / relink and re-sync / sync commits', (r) => `${maxLoop(r.api_alone?.loop)} / ${maxLoop(r.api_busy?.loop_until_work_done)} / ${maxLoop(r.api_during_sync?.loop)}`],
  ['relink, pull requests/s', (r) => num(r.relink?.per_s)],
  ['store size, MB', (r) => num(r.sync?.store_mb)],
];

/** Figure by figure, the latest run of each store; "not run" where a store has none. */
export function comparisonTable(runs: (SavedRun | null)[]): string {
  const header = `| figure | ${STORES.map((s) => s.title).join(' | ')} |`;
  const rule = `| --- | ${STORES.map(() => '---').join(' | ')} |`;
  const rows = ROWS.map(([label, cell]) => `| ${label} | ${runs.map((run) => (run ? cell(run.results as Results, run) : 'not run')).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}
