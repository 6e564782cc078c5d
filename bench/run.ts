/**
 * `npm run bench`: the hub's speed and memory figures, measured on this machine
 * against the simulator on loopback, printed and recorded in docs/benchmarks.md.
 *
 *   npm run bench                       # 200 repositories × 5,000 items (1,000,000), on SQLite
 *   npm run bench -- --repos 20 --items 1000 --seconds 5   # a quick run
 *   npm run bench -- --only scoring     # the rules engine alone
 *   npm run bench -- --store postgres   # the same store phases on PostgreSQL
 *   npm run bench -- --skip tokens      # without the (slow) token phases
 *   npm run bench -- --only compare     # the side-by-side table again, from the saved results
 *   npm run bench -- --only sync        # the syncs and their limits alone (also: parser, api)
 *   npm run bench -- --runs 5           # each timed phase of the store five times (three by default)
 *
 * Each timed phase of the store runs `--runs` times and reports each figure's min /
 * median / max: every sync into a fresh store by a fresh worker (the production
 * `SyncWorker`, bench/work.child.ts), followed by its limits on the same data (a plain
 * fetch and `JSON.parse` of the pages it fetched, bench/fetch-limit.bench.ts; a raw
 * insert of the rows it stored, bench/raw-insert.bench.ts) and its ratio to each; the
 * API phases on the last sync's store. The server's and the workers' peak resident
 * memory come from the children themselves (`memory`, bench/child.ts).
 *
 * `--store postgres` starts a throwaway PostgreSQL cluster from the installed
 * binaries (durability comparable to the SQLite store's, see src/test/pg-cluster.ts),
 * or runs on an existing server with `--database-url postgres://…` (a role that may
 * create databases: the bench creates its own and drops them at the end). The
 * phases that never touch the store (rules engine, parser, token scoring, token
 * quota) are skipped on PostgreSQL; `--skip scoring,parser,tokens,page` skips any
 * of them on SQLite too. Each run saves its figures in bench/.out/results-<store>.json;
 * docs/benchmarks.md gets the store's block and a table of the two latest runs side
 * by side.
 */
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { listRepos } from '../src/db/repos.queries.ts';
import { createLogger } from '../src/logger.ts';
import { refreshRepoList } from '../src/sync/repo-list.ts';
import { ensureWebBuilt } from '../src/web/build.ts';
import { startChild, type Child, type ChildMemory } from './child.ts';
import { graphqlReplays, runFetchLimits, type FetchLimits, type SyncPage } from './fetch-limit.bench.ts';
import { loadRoute, type LoadResult } from './load.ts';
import { recordMinersBench, runMinersBench } from './miners.bench.ts';
import { runParserBench } from './parser.bench.ts';
import type { RawInsertBench } from './raw-insert.bench.ts';
import { printPartial, recordRun, writeComparison, type RunScale } from './report.ts';
import { recordScoringBench, runScoringBench } from './scoring.bench.ts';
import { loopSpread, routeSpreads, spread, type LoopDelay, type Spread } from './spread.ts';
import { openBenchStore, type BenchStore, type StoreKind } from './store.ts';
import { runTokenQuotaBench, runTokensBench } from './tokens.bench.ts';

const { values } = parseArgs({
  options: {
    repos: { type: 'string' },
    items: { type: 'string' },
    seconds: { type: 'string' },
    relink: { type: 'string' },
    rate: { type: 'string' },
    only: { type: 'string' },
    miners: { type: 'string' },
    'miner-repos': { type: 'string' },
    'mirror-items': { type: 'string' },
    'keep-store': { type: 'boolean' },
    'commit-rate': { type: 'string' },
    'commit-seconds': { type: 'string' },
    store: { type: 'string' },
    'database-url': { type: 'string' },
    skip: { type: 'string' },
    runs: { type: 'string' },
  },
});
const REPOS = Number(values.repos ?? 200);
const ITEMS = Number(values.items ?? 5000);
const SECONDS = Number(values.seconds ?? 10);
const RELINK_TARGET = Number(values.relink ?? 200_000);
/** Requests per second for the latency figures (a busy hub: every user's page polling, scripts, the events stream). */
const RATE = Number(values.rate ?? 100);
/** The issue list's offered load while a sync commits (requests/s, seconds). */
const COMMIT_RATE = Number(values['commit-rate'] ?? 1000);
const COMMIT_SECONDS = Number(values['commit-seconds'] ?? 60);
const OUT = new URL('./.out/', import.meta.url);
/** Times each timed phase of the store runs (sync, the API phases, the relink). */
const RUNS = Number(values.runs ?? 3);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs ${String(values.runs)}: a whole number of at least 1`);
/**
 * `--only` runs one group of phases: `scoring`, `miners` and `compare` as before; `parser`
 * the parser alone; `sync` the syncs and their limits; `api` one sync (no limits) to fill
 * the store, then the API phases without the page. The groups of the store's phases print
 * their figures and save them in bench/.out/only-<group>-<store>.json, and leave
 * docs/benchmarks.md as it is (its blocks hold whole runs).
 */
const ONLY = values.only;
const ONLY_GROUPS = ['scoring', 'miners', 'compare', 'parser', 'sync', 'api'];
if (ONLY !== undefined && !ONLY_GROUPS.includes(ONLY)) throw new Error(`--only ${ONLY}: one of ${ONLY_GROUPS.join(', ')}`);

const STORE = (values.store ?? 'sqlite') as StoreKind;
if (STORE !== 'sqlite' && STORE !== 'postgres') throw new Error(`--store ${String(values.store)}: sqlite or postgres`);
if (values['database-url'] && (STORE !== 'postgres' || !/^postgres(ql)?:\/\//.test(values['database-url']))) throw new Error('--database-url takes a postgres:// URL, with --store postgres');
/** Phases that never read or write the store: measured once, on the SQLite run. */
const STORE_INDEPENDENT = ['scoring', 'parser', 'tokens'];
const SKIPPABLE = [...STORE_INDEPENDENT, 'page'];
const SKIP = new Set((values.skip ?? '').split(',').map((s) => s.trim()).filter(Boolean));
for (const phase of SKIP) if (!SKIPPABLE.includes(phase)) throw new Error(`--skip ${phase}: one of ${SKIPPABLE.join(', ')}`);
if (STORE === 'postgres') for (const phase of STORE_INDEPENDENT) SKIP.add(phase);
if (STORE === 'postgres' && ONLY && !['compare', 'sync', 'api'].includes(ONLY)) throw new Error(`--only ${ONLY} runs on SQLite only`);

const results: Record<string, unknown> = {};
const log = (...a: unknown[]) => console.log('[bench]', ...a);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  if (ONLY === 'compare') return writeComparison(OUT);
  const storeGroup = ONLY === 'sync' || ONLY === 'api';

  if (!SKIP.has('scoring') && (ONLY === undefined || ONLY === 'scoring')) {
    log('rules engine: every standing, then the emission split');
    results.scoring = runScoringBench();
    recordScoringBench(results.scoring as ReturnType<typeof runScoringBench>, `${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}`);
    log(results.scoring);
  }
  if (ONLY === 'scoring') return;
  if (ONLY === 'miners') {
    log(`miner view and leaderboard: ${values.miners ?? 1000} miners × ${values['miner-repos'] ?? 20} repositories`);
    const loadBefore = loadavg()[0]!;
    const miners = await runMinersBench(
      { miners: Number(values.miners ?? 1000), repos: Number(values['miner-repos'] ?? 20), seconds: SECONDS, rate: RATE, dbPath: new URL('miners.sqlite', OUT).pathname, mirrorItems: Number(values['mirror-items'] ?? 1_000_000), keepStore: values['keep-store'] === true },
      log,
    );
    results.miners = miners;
    log(JSON.stringify(miners, null, 2));
    recordMinersBench(miners, { machine: `${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}`, loadBefore, seconds: SECONDS, rate: RATE });
    return;
  }

  if (!SKIP.has('parser') && !storeGroup) {
    log('parser throughput');
    results.parser = await runParserBench({ bodies: 20_000 });
    log(results.parser);
  }
  const scale: RunScale = { repos: REPOS, items: ITEMS, seconds: SECONDS, rate: RATE, relink: RELINK_TARGET, commit_rate: COMMIT_RATE, commit_seconds: COMMIT_SECONDS, runs: RUNS };
  if (ONLY === 'parser') return printPartial(OUT, 'parser', { store: STORE, about: {}, scale, skipped: [...SKIP], results });

  if (!SKIP.has('tokens') && !storeGroup) {
    log('token scoring throughput');
    results.tokens = await runTokensBench({ files: 2000 });
    log(results.tokens);

    log('token scores of 1,000 pull requests: the quota spent via GitHub and via the subnet mirror');
    results.token_quota = await runTokenQuotaBench({ pulls: 1000 });
    log(results.token_quota);
  }

  log(`store: ${STORE}`);
  const store = await openBenchStore(STORE, OUT, values['database-url']);
  log(store.about);
  try {
    await measureStore(store);
  } finally {
    await store.close();
  }
  const run = { store: STORE, about: store.about, scale, skipped: [...SKIP], results };
  if (ONLY) printPartial(OUT, ONLY, run);
  else recordRun(OUT, run);
}

/** Full syncs from the simulator, each into a fresh store, with the sync's limits measured after each. */
async function measureSync(store: BenchStore, sim: Child, simUrl: string, masterListUrl: string, runs: number, withLimits: boolean): Promise<{ database: ReturnType<typeof openDatabase>; repos: string[] }> {
  const env = { DATABASE_URL: store.url };
  const measured: SyncRun[] = [];
  let database: ReturnType<typeof openDatabase> | null = null;
  let repos: string[] = [];
  for (let run = 0; run < runs; run++) {
    // A fresh store for every timed sync: a re-sync over stored rows would update, not insert.
    if (database) await database.close();
    if (run > 0) await store.reset();
    database = openDatabase(store.config);
    await migrate(database);
    const config = loadConfig({ HUB_REPOS_URL: masterListUrl, GITHUB_API_URL: simUrl, GITHUB_TOKENS: 'bench', GITTENSOR_API_URL: 'off', GITTENSOR_MIRROR_URL: 'off', HUB_TAO_PRICE_URL: 'off' }, { dotenvPath: null });
    const listed = await refreshRepoList({ db: database.db, config, logger: createLogger({ level: 'warn' }) });
    if (listed.status !== 'saved') throw new Error(`master list refused: ${listed.reason}`);
    repos = (await listRepos(database.db)).map((r) => r.name_key);

    log(`full sync ${run + 1} of ${runs} from the simulator, into a fresh store, in a fresh worker`);
    await sim.request({ cmd: 'reset' });
    const work = await startChild<boolean>('./work.child.ts', [simUrl], env, 10);
    try {
      const simCpuBefore = await sim.request<number>({ cmd: 'cpu' });
      const full = await work.child.request<SyncAnswer>({ cmd: 'sync', repos, concurrency: 2 });
      const simCpuUs = (await sim.request<number>({ cmd: 'cpu' })) - simCpuBefore;
      const memory = await work.child.request<ChildMemory>({ cmd: 'memory' });
      const fetched = await sim.request<{ pages: SyncPage[]; graphql: number; complete: boolean }>({ cmd: 'pages' });
      if (!fetched.complete) throw new Error("the simulator's request log dropped entries: the plain fetch would not be the sync's pages");
      await sim.request({ cmd: 'reset' });
      const again = await work.child.request<SyncAnswer>({ cmd: 'sync', repos, concurrency: 2 });
      const againSim = await sim.request<{ requests: number; charged: number; notModified: number }>({ cmd: 'stats' });
      const stored = await count(sql<{ n: number }>`SELECT count(*) AS n FROM items`.execute(database.db));
      const pulls = await count(sql<{ n: number }>`SELECT count(*) AS n FROM items WHERE is_pull = 1`.execute(database.db));
      measured.push({ full, simCpuUs, again, againNotModified: againSim.notModified, memory, stored, pulls, pages: fetched.pages, graphql: fetched.graphql, limits: null, raw: null });
    } finally {
      await work.child.stop();
    }
    const m = measured[measured.length - 1]!;
    if (withLimits) {
      log(`  its limits: plain fetch and JSON.parse of its ${m.pages.length} pages and its GraphQL queries, raw insert of its rows (plain ${store.kind === 'sqlite' ? 'better-sqlite3' : 'pg'})`);
      m.limits = await runFetchLimits(simUrl, m.pages, await graphqlReplays(database.db), m.stored);
      m.raw = await store.rawInsert();
    }
    log(`  sync ${run + 1}: ${Math.round(m.stored / (m.full.ms / 1000))} items/s, ${Math.round(m.full.cpu_us / m.stored)} µs of worker CPU an item (simulator ${Math.round(m.simCpuUs / m.stored)}), worker peak RSS ${mb(m.memory.peak_rss_bytes)} MB`, m.limits ?? '', m.raw ?? '');
  }
  const last = measured[measured.length - 1]!;
  const rate = (m: SyncRun) => m.stored / (m.full.ms / 1000);
  const ratios = (limit: (m: SyncRun) => number) => spread(measured.map((m) => rate(m) / limit(m)), 2);
  const limited = measured.filter((m) => m.limits && m.raw);
  results.sync = {
    runs,
    method: `${runs} full sync${runs > 1 ? 's' : ''}, each into a fresh store by a fresh worker process; min / median / max over the runs${withLimits ? "; each run's limits measured right after it, each ratio the run's own" : ''}`,
    repositories: repos.length,
    items: last.stored,
    pull_requests: last.pulls,
    seconds: spread(measured.map((m) => m.full.ms / 1000)),
    items_per_s: spread(measured.map(rate), 0),
    worker_cpu_us_per_item: spread(measured.map((m) => m.full.cpu_us / m.stored), 0),
    simulator_cpu_us_per_item: spread(measured.map((m) => m.simCpuUs / m.stored), 0),
    worker_peak_rss_mb: spread(measured.map((m) => m.memory.peak_rss_bytes / 1e6), 0),
    ...(limited.length === measured.length
      ? {
          limits: {
            pages_fetched: last.pages.length,
            megabytes_fetched: last.limits!.megabytes,
            graphql_requests: last.graphql,
            graphql_requests_replayed: last.limits!.graphql_requests,
            raw_insert_rows: last.raw!.rows,
            plain_fetch_items_per_s: spread(measured.map((m) => m.limits!.plain_fetch_items_per_s), 0),
            json_parse_items_per_s: spread(measured.map((m) => m.limits!.json_parse_items_per_s), 0),
            raw_insert_with_search_index_items_per_s: spread(measured.map((m) => m.raw!.with_search_index_items_per_s), 0),
            raw_insert_without_search_index_items_per_s: spread(measured.map((m) => m.raw!.without_search_index_items_per_s), 0),
          },
          ratio_to: {
            plain_fetch: ratios((m) => m.limits!.plain_fetch_items_per_s),
            json_parse: ratios((m) => m.limits!.json_parse_items_per_s),
            raw_insert_with_search_index: ratios((m) => m.raw!.with_search_index_items_per_s),
          },
        }
      : {}),
    first_pass: { requests: last.full.requests, quota: last.full.quota, failed: measured.reduce((s, m) => s + m.full.failed.length, 0) },
    unchanged_pass: { requests: last.again.requests, quota: last.again.quota, not_modified: last.againNotModified, seconds: spread(measured.map((m) => m.again.ms / 1000)) },
    store_mb: Math.round((await store.sizeBytes(database!.db)) / 1e6),
  };
  log(results.sync);
  return { database: database!, repos };
}

interface SyncAnswer {
  requests: number;
  quota: number;
  failed: string[];
  ms: number;
  cpu_us: number;
}

interface SyncRun {
  full: SyncAnswer;
  /** CPU the simulator used while it answered the sync, user and system, in microseconds. */
  simCpuUs: number;
  again: SyncAnswer;
  againNotModified: number;
  memory: ChildMemory;
  stored: number;
  pulls: number;
  pages: SyncPage[];
  /** GraphQL queries the sync sent that were answered (follow-up pages included). */
  graphql: number;
  limits: FetchLimits | null;
  raw: RawInsertBench | null;
}

/** The phases that run on the store: sync, API alone, API under background work, API during commits, page. */
async function measureStore(store: BenchStore): Promise<void> {
  const env = { DATABASE_URL: store.url };
  log(`simulator: ${REPOS} × ${ITEMS} items`);
  // The simulator stands in for GitHub, a remote service: its CPU is not the hub's, so it yields.
  const sim = await startChild<{ url: string; masterListUrl: string }>('./sim.child.ts', [String(REPOS), String(ITEMS)], {}, 10);
  const { database, repos } = await measureSync(store, sim.child, sim.ready.url, sim.ready.masterListUrl, ONLY === 'api' ? 1 : RUNS, ONLY !== 'api');
  const memory: Record<string, unknown> = { simulator_rss_mb: mb(await sim.child.request<number>({ cmd: 'rss' })), worker_peak_rss_mb: { sync: (results.sync as { worker_peak_rss_mb: Spread }).worker_peak_rss_mb } };
  results.memory = memory;
  if (ONLY === 'sync') {
    await sim.child.stop();
    await database.close();
    return;
  }

  log('API alone');
  // The server serves the page only once it is built (npm start builds it the same way).
  await ensureWebBuilt(createLogger({ level: 'warn' }));
  const serve = await startChild<{ url: string }>('./serve.child.ts', [], env);
  const serverPeak = async () => mb((await serve.child.request<ChildMemory>({ cmd: 'memory' })).peak_rss_bytes);
  const serverMemory: Record<string, number> = {};
  const routes = await routePaths(database.db, repos);
  for (const r of Object.values(routes)) await loadRoute(serve.ready.url, 'warm-up', r, 2, 4);
  const aloneRuns: LoadResult[][] = [];
  const aloneLoops: LoopDelay[] = [];
  const saturatedRuns: LoadResult[][] = [];
  for (let run = 0; run < RUNS; run++) {
    await serve.child.request({ cmd: 'resetLoop' });
    const alone: LoadResult[] = [];
    for (const [name, paths] of Object.entries(routes)) alone.push(await loadRoute(serve.ready.url, name, paths, SECONDS, 8, RATE));
    aloneLoops.push(await serve.child.request<LoopDelay>({ cmd: 'loop' }));
    const saturated: LoadResult[] = [];
    for (const [name, paths] of Object.entries(routes)) saturated.push(await loadRoute(serve.ready.url, name, paths, SECONDS));
    aloneRuns.push(alone);
    saturatedRuns.push(saturated);
    log(`  run ${run + 1}`, [...alone, ...saturated].map((x) => `${x.route}: p99 ${x.p99_ms} ms, ${x.rps}/s`));
  }
  results.api_alone = { runs: RUNS, routes: routeSpreads(aloneRuns), loop: loopSpread(aloneLoops), saturated: routeSpreads(saturatedRuns) };
  serverMemory.after_api_alone = await serverPeak();
  log(results.api_alone);

  log('API while a relink and a full re-sync run in the worker');
  const work = await startChild<boolean>('./work.child.ts', [sim.ready.url], env, 10);
  const resyncRepos = repos.slice(-Math.max(1, Math.round(repos.length / 10)));
  const busyRuns: LoadResult[][] = [];
  const duringLoad: LoopDelay[] = [];
  const untilDone: LoopDelay[] = [];
  const relinks: { processed: number; ms: number }[] = [];
  const resyncs: { ms: number; failed: string[] }[] = [];
  const resyncPeaks: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Every run starts the same background work again: the links marked old, the re-synced repositories forgotten.
    const relinkRepos = await ageRepos(database.db, repos, RELINK_TARGET);
    await forgetSyncState(database.db, resyncRepos);
    await serve.child.request({ cmd: 'resetLoop' });
    const relinkRun = work.child.request<{ processed: number; ms: number }>({ cmd: 'relink', repos: relinkRepos.keys });
    const resync = await startChild<boolean>('./work.child.ts', [sim.ready.url], env, 10);
    try {
      const resyncRun = resync.child.request<{ ms: number; failed: string[] }>({ cmd: 'sync', repos: resyncRepos, concurrency: 1 });
      const busy: LoadResult[] = [];
      for (const [name, paths] of Object.entries(routes)) busy.push(await loadRoute(serve.ready.url, name, paths, SECONDS, 8, RATE));
      duringLoad.push(await serve.child.request<LoopDelay>({ cmd: 'loop' }));
      relinks.push(await relinkRun);
      resyncs.push(await resyncRun);
      untilDone.push(await serve.child.request<LoopDelay>({ cmd: 'loop' }));
      resyncPeaks.push((await resync.child.request<ChildMemory>({ cmd: 'memory' })).peak_rss_bytes / 1e6);
      busyRuns.push(busy);
      log(`  run ${run + 1}`, busy.map((x) => `${x.route}: p99 ${x.p99_ms} ms`), `relink ${relinks[run]!.processed} in ${round(relinks[run]!.ms / 1000)} s`);
    } finally {
      await resync.child.stop();
    }
  }
  results.api_busy = { runs: RUNS, routes: routeSpreads(busyRuns), loop_during_load: loopSpread(duringLoad), loop_until_work_done: loopSpread(untilDone) };
  results.relink = {
    runs: RUNS,
    pull_requests: relinks[relinks.length - 1]!.processed,
    seconds: spread(relinks.map((r) => r.ms / 1000)),
    per_s: spread(relinks.map((r) => r.processed / (r.ms / 1000)), 0),
    server_worst_loop_delay_ms: spread(untilDone.map((l) => l.max_ms)),
  };
  results.resync = { repositories: resyncRepos.length, seconds: spread(resyncs.map((r) => r.ms / 1000)), failed: resyncs.reduce((s, r) => s + r.failed.length, 0), failures: resyncs.flatMap((r) => r.failed).slice(0, 3) };
  memory.worker_peak_rss_mb = { ...(memory.worker_peak_rss_mb as object), relink: mb((await work.child.request<ChildMemory>({ cmd: 'memory' })).peak_rss_bytes), resync: spread(resyncPeaks, 0) };
  await work.child.stop();
  serverMemory.after_background_work = await serverPeak();
  log(results.api_busy, results.relink, results.resync);

  log(`issue list at ${COMMIT_RATE} requests/s for ${COMMIT_SECONDS} s while a sync commits`);
  const commitRepos = repos.slice(0, Math.max(1, Math.round(repos.length / 10)));
  const commitRuns: LoadResult[][] = [];
  const commitLoops: LoopDelay[] = [];
  for (let run = 0; run < RUNS; run++) {
    await forgetSyncState(database.db, commitRepos);
    await serve.child.request({ cmd: 'resetLoop' });
    const committer = await startChild<boolean>('./work.child.ts', [sim.ready.url], env, 10);
    try {
      void committer.child.request({ cmd: 'sync', repos: commitRepos, concurrency: 2 }).catch(() => undefined);
      commitRuns.push([await loadRoute(serve.ready.url, 'issue list', routes['issue list']!, COMMIT_SECONDS, 8, COMMIT_RATE)]);
      commitLoops.push(await serve.child.request<LoopDelay>({ cmd: 'loop' }));
    } finally {
      // The sync is only the background here: it stops with the load.
      await committer.child.stop();
    }
    log(`  run ${run + 1}: p99 ${commitRuns[run]![0]!.p99_ms} ms, max ${commitRuns[run]![0]!.max_ms} ms, ${commitRuns[run]![0]!.rps}/s`);
  }
  results.api_during_sync = { runs: RUNS, offered_rps: COMMIT_RATE, seconds: COMMIT_SECONDS, route: routeSpreads(commitRuns)[0], loop: loopSpread(commitLoops) };
  serverMemory.after_commits = await serverPeak();
  log(results.api_during_sync);

  if (!SKIP.has('page') && ONLY !== 'api') {
    log('page first meaningful paint');
    const { runPageBench } = await import('./page.bench.ts');
    results.page = await runPageBench({ baseUrl: serve.ready.url, repo: repos[0]! });
    serverMemory.after_page = await serverPeak();
    log(results.page);
  }
  memory.server_peak_rss_mb = serverMemory;
  memory.server_rss_mb_at_end = mb((await serve.child.request<ChildMemory>({ cmd: 'memory' })).rss_bytes);
  log(results.memory);

  await serve.child.stop();
  await sim.child.stop();
  await database.close();
}

const mb = (bytes: number) => Math.round(bytes / 1e6);

/** count(*) is a bigint on PostgreSQL: the hub's pool parses it into a number, SQLite gives one. */
async function count(query: Promise<{ rows: { n: number }[] }>): Promise<number> {
  return Number((await query).rows[0]!.n);
}

/** Makes the next sync of these repositories start from scratch (no watermarks, no ETags). */
async function forgetSyncState(db: ReturnType<typeof openDatabase>['db'], keys: string[]): Promise<void> {
  await sql`UPDATE sync_state SET issues_watermark = NULL, pulls_watermark = NULL, issues_etag = NULL, pulls_etag = NULL, repo_etag = NULL
    WHERE repo_id IN (SELECT id FROM repos WHERE name_key IN (${sql.join(keys)}))`.execute(db);
}

/** Request paths per benchmarked route, spread over repositories, states and sorts. */
async function routePaths(db: ReturnType<typeof openDatabase>['db'], repos: string[]): Promise<Record<string, string[]>> {
  const heavy = repos.slice(0, 20);
  const list = heavy.flatMap((r) => [`/api/repos/${r}/issues`, `/api/repos/${r}/issues?state=all&sort=created`, `/api/repos/${r}/issues?linked=false`, `/api/repos/${r}/pulls?state=merged&sort=comments`]);
  const rows = await sql<{ name_key: string; number: number }>`SELECT r.name_key, i.number FROM items i JOIN repos r ON r.id = i.repo_id WHERE i.is_pull = 0 ORDER BY i.id % 997, i.id LIMIT 400`.execute(db);
  const detail = rows.rows.map((r) => `/api/repos/${r.name_key}/issues/${r.number}`);
  const words = ['crash', 'timeout', 'validator', 'docs', 'memory leak', 'miner', 'subnet', 'error handling', 'install', 'fix'];
  const search = words.flatMap((w) => [`/api/search?q=${encodeURIComponent(w)}`, `/api/search?q=${encodeURIComponent(w)}&type=issue`]);
  return { 'issue list': list, 'issue detail': detail, search };
}

/** Marks enough repositories' links as made by an older grammar to relink `target` pull requests. */
async function ageRepos(db: ReturnType<typeof openDatabase>['db'], repos: string[], target: number): Promise<{ keys: string[]; pulls: number }> {
  const counts = await sql<{ name_key: string; n: number }>`SELECT r.name_key, count(*) AS n FROM items i JOIN repos r ON r.id = i.repo_id WHERE i.is_pull = 1 GROUP BY r.name_key`.execute(db);
  const keys: string[] = [];
  let pulls = 0;
  for (const c of counts.rows) {
    if (pulls >= target) break;
    keys.push(c.name_key);
    pulls += c.n;
  }
  await sql`UPDATE items SET links_source = 'text', links_grammar = 0 WHERE is_pull = 1 AND repo_id IN (SELECT id FROM repos WHERE name_key IN (${sql.join(keys)}))`.execute(db);
  await sql`UPDATE sync_state SET relink_grammar = 0, relink_cursor = NULL WHERE repo_id IN (SELECT id FROM repos WHERE name_key IN (${sql.join(keys)}))`.execute(db);
  return { keys, pulls };
}

const round = (n: number) => Math.round(n * 10) / 10;

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
