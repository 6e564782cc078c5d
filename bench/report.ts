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
import type { LoopSpread, Spread } from './spread.ts';
import type { StoreKind } from './store.ts';

export interface RunScale {
  repos: number;
  items: number;
  seconds: number;
  rate: number;
  relink: number;
  commit_rate: number;
  commit_seconds: number;
  /** Times each timed phase of the store ran; absent in runs saved before it was an option (once). */
  runs?: number;
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

const machineOf = () => `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

const resultsFile = (out: URL, store: StoreKind) => new URL(`results-${store}.json`, out);

/** Saves the run, writes its block into docs/benchmarks.md, and rebuilds the side-by-side table. */
export function recordRun(out: URL, run: Omit<SavedRun, 'measured_at' | 'machine'>): void {
  const saved: SavedRun = { ...run, measured_at: new Date().toISOString(), machine: machineOf() };
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

const isSpread = (v: unknown): v is Spread => typeof v === 'object' && v !== null && 'median' in v && 'min' in v && 'max' in v;
const num = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? (Number.isInteger(v) ? v.toLocaleString('en-US') : String(Math.round(v * 100) / 100)) : '–');
/** A figure in a block: "min / median / max" when it was taken over runs, else the one value. */
const mmm = (v: unknown): string => (isSpread(v) ? `${num(v.min)} / ${num(v.median)} / ${num(v.max)}` : num(v));
/** A figure in the side-by-side table: the median, with the runs' range; an older single-run figure as it was. */
const cell = (v: unknown): string => (isSpread(v) ? `${num(v.median)} (${num(v.min)}–${num(v.max)})` : num(v));

interface RouteRow {
  route: string;
  p50_ms: number | Spread;
  p99_ms: number | Spread;
  max_ms: number | Spread;
  rps: number | Spread;
  non_2xx: number;
}

function routeTable(rows: RouteRow[]): string {
  return ['| route | p50 ms | p99 ms | max ms | requests/s | non-2xx |', '| --- | --- | --- | --- | --- | --- |', ...rows.map((x) => `| ${x.route} | ${mmm(x.p50_ms)} | ${mmm(x.p99_ms)} | ${mmm(x.max_ms)} | ${mmm(x.rps)} | ${x.non_2xx} |`)].join('\n');
}

const loopLine = (loop: unknown) => {
  const l = loop as Partial<LoopSpread> | undefined;
  return l ? `p50 ${mmm(l.p50_ms)}, p99 ${mmm(l.p99_ms)}, max ${mmm(l.max_ms)} ms` : '–';
};

/** A table of figures, each with how it was taken. */
function figureTable(rows: [string, unknown, string][]): string {
  return ['| figure | min / median / max | how it was taken |', '| --- | --- | --- |', ...rows.map(([label, v, how]) => `| ${label} | ${mmm(v)} | ${how} |`)].join('\n');
}

/** One store's figures. With `partial` (a run of `--only`), the phases it did not run are left out. */
export function storeBlock(run: SavedRun, partial = false): string {
  const r = run.results as Results;
  const { scale } = run;
  const runs = scale.runs ?? 1;
  const times = runs === 1 ? 'once' : `${runs} times`;
  const skippedNote = (phase: string) => [`Not run (${run.store === 'postgres' ? 'it never touches the store: see the SQLite run' : `--skip ${phase}`}).`, ''];
  const section = (present: unknown, lines: () => string[], phase?: string, title?: string): string[] => (present !== undefined ? lines() : partial || !phase ? [] : [title ?? '', ...skippedNote(phase)]);
  const sync = r.sync as Record<string, unknown> | undefined;
  const limits = sync?.limits as Record<string, unknown> | undefined;
  const ratio = sync?.ratio_to as Record<string, unknown> | undefined;
  const unchanged = sync?.unchanged_pass as Record<string, unknown> | undefined;
  const first = sync?.first_pass as Record<string, unknown> | undefined;
  const memory = r.memory as Record<string, unknown> | undefined;
  const workerMb = memory?.worker_peak_rss_mb as Record<string, unknown> | undefined;
  const serverMb = memory?.server_peak_rss_mb as Record<string, unknown> | undefined;
  const page = r.page as Record<string, unknown> | undefined;
  const syncHow = `${num(sync?.runs)} full sync${sync?.runs === 1 ? '' : 's'} of every repository from the simulator, each into a fresh store (a new ${run.store === 'sqlite' ? 'file' : 'database'}, migrated) by a fresh worker process running \`SyncWorker\` (2 repositories at a time)`;
  return [
    `Measured ${run.measured_at.slice(0, 10)} on ${run.machine}; ${scale.repos} repositories × ${scale.items} items; each timed phase of the store run ${times}, a cell "a / b / c" is the lowest / median / highest value over the runs (each figure on its own: they may come from different runs); load phases of ${scale.seconds} s with 8 connections, latency at ${scale.rate} requests/s.`,
    ...(run.store === 'postgres' ? ['', `Store: PostgreSQL, ${Object.entries(run.about).map(([k, v]) => `${k} ${v}`).join(', ')}.`] : []),
    '',
    ...section(sync, () => [
      '### Sync',
      figureTable([
        ['seconds', sync!.seconds, syncHow],
        ['items/s', sync!.items_per_s, 'items stored over the sync\'s wall time'],
        ['worker CPU µs per item', sync!.worker_cpu_us_per_item, "the worker process's `process.cpuUsage()` (user + system) over the sync, per stored item"],
        ...(sync!.simulator_cpu_us_per_item ? ([['simulator CPU µs per item', sync!.simulator_cpu_us_per_item, "the simulator process's `process.cpuUsage()` over the same sync, per stored item: what answering it cost the stand-in for GitHub, on the same two cores"] as [string, unknown, string]]) : []),
        ['worker peak RSS, MB', sync!.worker_peak_rss_mb, "the worker's resident memory sampled every 50 ms, its peak over the sync"],
        ...(limits
          ? ([
              ['limit: plain fetch, items/s', limits.plain_fetch_items_per_s, fetchLimitHow(limits)],
              ['limit: `JSON.parse`, items/s', limits.json_parse_items_per_s, 'the same answers fetched again one at a time, only the `JSON.parse` of each text on the clock'],
              ['limit: raw insert with the search index, items/s', limits.raw_insert_with_search_index_items_per_s, `the first ${num(limits.raw_insert_rows)} stored rows into a fresh store of the same schema, ${run.store === 'sqlite' ? 'one prepared multi-row better-sqlite3 INSERT per 500 rows' : 'one prepared multi-row `pg` INSERT'}, 1,000 rows a transaction (bench/raw-insert.bench.ts)`],
              ['limit: raw insert without the search index, items/s', limits.raw_insert_without_search_index_items_per_s, "the same with the search index's triggers dropped (its own and the text-version counts')"],
              ["sync's ratio to the plain fetch", ratio?.plain_fetch, "each run's items/s over its own limit's"],
              ["sync's ratio to `JSON.parse`", ratio?.json_parse, "each run's items/s over its own limit's"],
              ["sync's ratio to the raw insert (with the search index)", ratio?.raw_insert_with_search_index, "each run's items/s over its own limit's"],
            ] as [string, unknown, string][])
          : []),
        ['unchanged second pass, seconds', unchanged?.seconds, 'the same worker syncs again over the unchanged simulator (conditional requests)'],
      ]),
      '',
      `${num(sync!.items)} items stored (${num(sync!.pull_requests)} pull requests) in ${num(sync!.repositories)} repositories, ${num(sync!.store_mb)} MB of store; the last run's first pass made ${num(first?.requests)} requests (${num(first?.quota)} quota), ${num(first?.failed)} repositories failed over all runs; the unchanged pass made ${num(unchanged?.requests)} requests, ${num(unchanged?.not_modified)} of them answered 304, ${num(unchanged?.quota)} quota.`,
      '',
    ]),
    ...section(r.parser, () => ['### Parser', "Median of three timed runs of five rounds over the same bodies, after a warm-up round; the references (one regular expression, `JSON.parse`) over the same bytes in the same run (bench/parser.bench.ts).", ...json(r.parser)], 'parser', '### Parser'),
    ...section(r.tokens, () => ['### Token scoring (docs/token-scores.md)', 'One pass over the generated files (bench/tokens.bench.ts), measured once.', ...json(r.tokens)], 'tokens', '### Token scoring (docs/token-scores.md)'),
    ...section(r.token_quota, () => ['### Token scores of 1,000 pull requests: requests and quota (docs/token-scores.md)', "Requests and quota as the simulator's log counted them, measured once.", ...json(r.token_quota)], 'tokens', '### Token scores of 1,000 pull requests: requests and quota (docs/token-scores.md)'),
    ...section(r.api_alone, () => [
      `### API with the store alone, at ${scale.rate} requests/s`,
      `Each route offered ${scale.rate} requests/s for ${scale.seconds} s by an open-loop paced load (each latency from when the request was due), ${times}, on the last sync's store after a warm-up.`,
      '',
      routeTable((r.api_alone?.routes as RouteRow[]) ?? []),
      '',
      `Server event-loop delay during the load (the server's own histogram, reset at each run): ${loopLine(r.api_alone?.loop)}`,
      '',
      '### API throughput: as fast as it answers, 8 connections (latency here includes queueing)',
      `autocannon with 8 connections for ${scale.seconds} s per route, ${times}, each run right after the fixed-rate one.`,
      '',
      routeTable((r.api_alone?.saturated as RouteRow[]) ?? []),
      '',
    ]),
    ...section(r.api_busy, () => [
      `### API at ${scale.rate} requests/s while a relink and a full re-sync run in the worker`,
      `The fixed-rate load as above while one worker relinks the pull requests of enough repositories to reach ${num(scale.relink)} (their links marked as made by an older grammar again at each run) and a second, fresh worker re-syncs a tenth of the repositories from scratch, ${times}.`,
      '',
      routeTable((r.api_busy?.routes as RouteRow[]) ?? []),
      '',
      `Server event-loop delay: during the load ${loopLine(r.api_busy?.loop_during_load)}; until the background work ended ${loopLine(r.api_busy?.loop_until_work_done)}`,
      '',
    ]),
    ...section(r.api_during_sync, () => [
      `### Issue list offered ${String(r.api_during_sync?.offered_rps)} requests/s for ${String(r.api_during_sync?.seconds)} s while a sync of a tenth of the repositories commits`,
      `The paced load on the issue list while a fresh worker re-syncs a tenth of the repositories from scratch (stopped with the load), ${times}.`,
      '',
      routeTable(r.api_during_sync?.route ? [r.api_during_sync.route as RouteRow] : []),
      '',
      `Server event-loop delay: ${loopLine(r.api_during_sync?.loop)}`,
      '',
    ]),
    ...section(r.relink, () => [
      '### Relink',
      figureTable([
        ['relink, seconds', r.relink!.seconds, `${num(r.relink!.pull_requests)} pull requests relinked in the worker during the busy phase`],
        ['relink, pull requests/s', r.relink!.per_s, 'pull requests relinked over its wall time'],
        ['worst server event-loop delay until it ended, ms', r.relink!.server_worst_loop_delay_ms, "the server's histogram, reset at each run"],
        ['re-sync beside it, seconds', r.resync?.seconds, `${num(r.resync?.repositories)} repositories from scratch; ${num(r.resync?.failed)} failed over all runs`],
      ]),
      '',
    ]),
    ...section(page, () => [
      '### Page',
      figureTable([
        ['first meaningful paint, ms', { min: page!.min_ms, median: page!.median_ms, max: page!.max_ms }, `the median of ${num(page!.cold_loads)} cold loads (a fresh browser profile each) of a repository's issue list in Chromium, to the \`hub:first-rows\` mark (bench/page.bench.ts); every load: ${((page!.loads_ms as number[] | undefined) ?? []).join(', ')} ms`],
        ['JavaScript, bytes (gzipped)', page!.js_bundle_bytes, `every chunk the build produced (${num(page!.js_bundle_gzip_bytes)} gzipped)`],
      ]),
      '',
    ], 'page', '### Page'),
    ...section(memory, () => [
      '### Memory',
      '| process | peak RSS MB (min / median / max) | how it was taken |',
      '| --- | --- | --- |',
      ...(serverMb ? Object.entries(serverMb).map(([at, v]) => `| server, ${at.replaceAll('_', ' ')} | ${mmm(v)} | the server's resident memory sampled every 50 ms, its peak so far (one process for every phase) |`) : []),
      `| worker, full sync | ${mmm(workerMb?.sync)} | each sync's worker process, after its sync |`,
      ...(workerMb?.relink !== undefined ? [`| worker, relinks | ${mmm(workerMb.relink)} | the relinking worker after its runs |`, `| worker, re-sync beside the relink | ${mmm(workerMb.resync)} | each re-syncing worker after its run |`] : []),
      `| simulator (resident at the end of the syncs, not its peak) | ${mmm(memory!.simulator_rss_mb)} | \`process.memoryUsage().rss\`; it stands in for GitHub |`,
      ...(memory!.server_rss_mb_at_end !== undefined ? [`| server, resident at the end | ${mmm(memory!.server_rss_mb_at_end)} | \`process.memoryUsage().rss\` |`] : []),
    ]),
  ].join('\n').trimEnd();
}

/** A run of `--only`: its figures printed and saved beside the whole runs', docs/benchmarks.md left as it is. */
export function printPartial(out: URL, group: string, run: Omit<SavedRun, 'measured_at' | 'machine'>): void {
  const saved: SavedRun = { ...run, measured_at: new Date().toISOString(), machine: machineOf() };
  const file = new URL(`only-${group}-${run.store}.json`, out);
  writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
  console.log(`\n${storeBlock(saved, true)}\n\n[bench] --only ${group}: saved in ${file.pathname}; docs/benchmarks.md not changed`);
}

type Cell = (r: Results, run: SavedRun) => string;

const route = (rows: unknown, name: string): RouteRow | undefined => (rows as RouteRow[] | undefined)?.find((x) => x.route === name);
const latency = (x: RouteRow | undefined) => (x ? `${cell(x.p50_ms)} / ${cell(x.p99_ms)}` : '–');
const maxLoop = (loop: unknown) => cell((loop as { max_ms?: unknown } | undefined)?.max_ms);
/** A figure of the sync's limits, where new runs keep it (`limits`) or older ones kept it. */
const rawInsert = (sync: Record<string, unknown> | undefined, key: 'with_search_index_items_per_s' | 'without_search_index_items_per_s') =>
  (sync?.limits as Record<string, unknown> | undefined)?.[`raw_insert_${key}`] ?? (sync?.reference_raw_insert as Record<string, unknown> | undefined)?.[key];
const limit = (sync: Record<string, unknown> | undefined, key: string) => (sync?.limits as Record<string, unknown> | undefined)?.[key];
const ratioTo = (sync: Record<string, unknown> | undefined, key: string) => (sync?.ratio_to as Record<string, unknown> | undefined)?.[key];

const ROUTES = ['issue list', 'issue detail', 'search'];

const ROWS: [string, Cell][] = [
  ['measured', (_, run) => `${run.measured_at.slice(0, 10)}, ${run.machine}`],
  ['scale', (_, run) => `${num(run.scale.repos)} repositories × ${num(run.scale.items)} items; ${num(run.scale.seconds)} s load phases at ${num(run.scale.rate)} requests/s; relink target ${num(run.scale.relink)}; commits phase ${num(run.scale.commit_rate)} requests/s for ${num(run.scale.commit_seconds)} s`],
  ['runs per timed phase (a figure: median, then the range)', (_, run) => num(run.scale.runs ?? 1)],
  ['store settings', (_, run) => Object.entries(run.about).map(([k, v]) => `${k} ${v}`).join(', ')],
  ['sync, items stored', (r) => num(r.sync?.items)],
  ['sync, items/s', (r) => cell(r.sync?.items_per_s)],
  ['sync, worker CPU µs per item', (r) => cell(r.sync?.worker_cpu_us_per_item)],
  ['sync, simulator CPU µs per item', (r) => cell(r.sync?.simulator_cpu_us_per_item)],
  ['raw-insert limit of the store, items/s with / without the search index', (r) => `${cell(rawInsert(r.sync, 'with_search_index_items_per_s'))} / ${cell(rawInsert(r.sync, 'without_search_index_items_per_s'))}`],
  ["sync's ratio to its store's raw-insert limit (with the search index)", (r) => cell(ratioTo(r.sync, 'raw_insert_with_search_index') ?? r.sync?.ratio_to_raw_insert_with_search_index)],
  ['plain-fetch / `JSON.parse` limits of the same pages, items/s', (r) => `${cell(limit(r.sync, 'plain_fetch_items_per_s'))} / ${cell(limit(r.sync, 'json_parse_items_per_s'))}`],
  ["sync's ratio to the plain fetch / to `JSON.parse`", (r) => `${cell(ratioTo(r.sync, 'plain_fetch'))} / ${cell(ratioTo(r.sync, 'json_parse'))}`],
  ...ROUTES.map((name): [string, Cell] => [`${name}: p50 / p99 ms, alone at the fixed rate`, (r) => latency(route(r.api_alone?.routes, name))]),
  ...ROUTES.map((name): [string, Cell] => [`${name}: p50 / p99 ms, at the fixed rate during a relink and a re-sync`, (r) => latency(route(r.api_busy?.routes, name))]),
  ...ROUTES.map((name): [string, Cell] => [`${name}: requests/s, 8 connections as fast as it answers`, (r) => cell(route(r.api_alone?.saturated, name)?.rps)]),
  [
    'issue list while a sync commits: p50 / p99 / max ms, requests/s answered',
    (r) => {
      const x = r.api_during_sync?.route as RouteRow | undefined;
      return x ? `${cell(x.p50_ms)} / ${cell(x.p99_ms)} / ${cell(x.max_ms)}, ${cell(x.rps)}` : '–';
    },
  ],
  ['worst server event-loop delay ms: alone / relink and re-sync / sync commits', (r) => `${maxLoop(r.api_alone?.loop)} / ${maxLoop(r.api_busy?.loop_until_work_done)} / ${maxLoop(r.api_during_sync?.loop)}`],
  ['relink, pull requests/s', (r) => cell(r.relink?.per_s)],
  [
    'peak RSS MB: server / sync worker',
    (r) => {
      const server = r.memory?.server_peak_rss_mb as Record<string, unknown> | undefined;
      const peak = server ? Math.max(...Object.values(server).map((v) => Number(v))) : undefined;
      return `${num(peak)} / ${cell((r.memory?.worker_peak_rss_mb as Record<string, unknown> | undefined)?.sync)}`;
    },
  ],
  ['store size, MB', (r) => num(r.sync?.store_mb)],
];

/** Figure by figure, the latest run of each store; "not run" where a store has none. */
export function comparisonTable(runs: (SavedRun | null)[]): string {
  const header = `| figure | ${STORES.map((s) => s.title).join(' | ')} |`;
  const rule = `| --- | ${STORES.map(() => '---').join(' | ')} |`;
  const rows = ROWS.map(([label, fill]) => `| ${label} | ${runs.map((run) => (run ? fill(run.results as Results, run) : 'not run')).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

/** How the plain-fetch limit was taken; runs recorded before GraphQL was replayed said they left it out. */
function fetchLimitHow(limits: Record<string, unknown>): string {
  const gets = `Node's \`fetch\` of the ${num(limits.pages_fetched)} pages the sync fetched (from the simulator's log)`;
  const after = `(${num(limits.megabytes_fetched)} MB, 2 in flight, read and dropped), right after it`;
  if (limits.graphql_requests_replayed === undefined) return `${gets} ${after}; its ${num(limits.graphql_requests_not_replayed)} GraphQL requests are not replayed (their bodies are not logged)`;
  const sent = limits.graphql_requests === limits.graphql_requests_replayed ? 'as many as the sync sent' : `the sync sent ${num(limits.graphql_requests)}: the rest are follow-up pages of long connections`;
  return `${gets} and ${num(limits.graphql_requests_replayed)} GraphQL queries rebuilt from the store with the sync's own query builders (${sent}) ${after}`;
}
