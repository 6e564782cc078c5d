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
import { startChild } from './child.ts';
import { loadRoute, type LoadResult } from './load.ts';
import { recordMinersBench, runMinersBench } from './miners.bench.ts';
import { runParserBench } from './parser.bench.ts';
import { recordRun, writeComparison, type RunScale } from './report.ts';
import { recordScoringBench, runScoringBench } from './scoring.bench.ts';
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

const STORE = (values.store ?? 'sqlite') as StoreKind;
if (STORE !== 'sqlite' && STORE !== 'postgres') throw new Error(`--store ${String(values.store)}: sqlite or postgres`);
if (values['database-url'] && (STORE !== 'postgres' || !/^postgres(ql)?:\/\//.test(values['database-url']))) throw new Error('--database-url takes a postgres:// URL, with --store postgres');
/** Phases that never read or write the store: measured once, on the SQLite run. */
const STORE_INDEPENDENT = ['scoring', 'parser', 'tokens'];
const SKIPPABLE = [...STORE_INDEPENDENT, 'page'];
const SKIP = new Set((values.skip ?? '').split(',').map((s) => s.trim()).filter(Boolean));
for (const phase of SKIP) if (!SKIPPABLE.includes(phase)) throw new Error(`--skip ${phase}: one of ${SKIPPABLE.join(', ')}`);
if (STORE === 'postgres') for (const phase of STORE_INDEPENDENT) SKIP.add(phase);
if (STORE === 'postgres' && values.only && values.only !== 'compare') throw new Error(`--only ${values.only} runs on SQLite only`);

const results: Record<string, unknown> = {};
const log = (...a: unknown[]) => console.log('[bench]', ...a);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  if (values.only === 'compare') return writeComparison(OUT);

  if (!SKIP.has('scoring')) {
    log('rules engine: every standing, then the emission split');
    results.scoring = runScoringBench();
    recordScoringBench(results.scoring as ReturnType<typeof runScoringBench>, `${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}`);
    log(results.scoring);
  }
  if (values.only === 'scoring') return;
  if (values.only === 'miners') {
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

  if (!SKIP.has('parser')) {
    log('parser throughput');
    results.parser = await runParserBench({ bodies: 20_000 });
    log(results.parser);
  }

  if (!SKIP.has('tokens')) {
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
  const scale: RunScale = { repos: REPOS, items: ITEMS, seconds: SECONDS, rate: RATE, relink: RELINK_TARGET, commit_rate: COMMIT_RATE, commit_seconds: COMMIT_SECONDS };
  recordRun(OUT, { store: STORE, about: store.about, scale, skipped: [...SKIP], results });
}

/** The phases that run on the store: sync, API alone, API under background work, API during commits, page. */
async function measureStore(store: BenchStore): Promise<void> {
  const env = { DATABASE_URL: store.url };
  log(`simulator: ${REPOS} × ${ITEMS} items`);
  // The simulator stands in for GitHub, a remote service: its CPU is not the hub's, so it yields.
  const sim = await startChild<{ url: string; masterListUrl: string }>('./sim.child.ts', [String(REPOS), String(ITEMS)], {}, 10);
  const simRss = await sim.child.request<number>({ cmd: 'rss' });

  const database = openDatabase(store.config);
  await migrate(database);
  const config = loadConfig({ HUB_REPOS_URL: sim.ready.masterListUrl, GITHUB_API_URL: sim.ready.url, GITHUB_TOKENS: 'bench', GITTENSOR_API_URL: 'off', GITTENSOR_MIRROR_URL: 'off', HUB_TAO_PRICE_URL: 'off' }, { dotenvPath: null });
  const listed = await refreshRepoList({ db: database.db, config, logger: createLogger({ level: 'warn' }) });
  if (listed.status !== 'saved') throw new Error(`master list refused: ${listed.reason}`);
  const repos = (await listRepos(database.db)).map((r) => r.name_key);

  const work = await startChild<boolean>('./work.child.ts', [sim.ready.url], env, 10);
  log('full sync from the simulator');
  const full = await work.child.request<{ requests: number; quota: number; failed: string[]; ms: number; cpu_us: number }>({ cmd: 'sync', repos, concurrency: 2 });
  const stored = await count(sql<{ n: number }>`SELECT count(*) AS n FROM items`.execute(database.db));
  const pulls = await count(sql<{ n: number }>`SELECT count(*) AS n FROM items WHERE is_pull = 1`.execute(database.db));
  await sim.child.request({ cmd: 'reset' });
  const again = await work.child.request<{ requests: number; quota: number; failed: string[]; ms: number }>({ cmd: 'sync', repos, concurrency: 2 });
  const againSim = await sim.child.request<{ requests: number; charged: number; notModified: number }>({ cmd: 'stats' });
  log(`raw insert limit: the same rows, plain ${store.kind === 'sqlite' ? 'better-sqlite3' : 'pg'}`);
  const raw = await store.rawInsert();
  const itemsPerS = Math.round(stored / (full.ms / 1000));
  results.sync = {
    repositories: repos.length,
    items: stored,
    pull_requests: pulls,
    seconds: round(full.ms / 1000),
    items_per_s: itemsPerS,
    worker_cpu_us_per_item: Math.round(full.cpu_us / stored),
    reference_raw_insert: raw,
    ratio_to_raw_insert_with_search_index: Math.round((itemsPerS / raw.with_search_index_items_per_s) * 100) / 100,
    first_pass: { requests: full.requests, quota: full.quota, failed: full.failed.length },
    unchanged_pass: { requests: again.requests, quota: again.quota, not_modified: againSim.notModified, seconds: round(again.ms / 1000) },
    simulator_rss_mb: Math.round(simRss / 1e6),
    store_mb: Math.round((await store.sizeBytes(database.db)) / 1e6),
  };
  log(results.sync);

  log('API alone');
  // The server serves the page only once it is built (npm start builds it the same way).
  await ensureWebBuilt(createLogger({ level: 'warn' }));
  const serve = await startChild<{ url: string }>('./serve.child.ts', [], env);
  const routes = await routePaths(database.db, repos);
  for (const r of Object.values(routes)) await loadRoute(serve.ready.url, 'warm-up', r, 2, 4);
  await serve.child.request({ cmd: 'resetLoop' });
  const alone: LoadResult[] = [];
  for (const [name, paths] of Object.entries(routes)) alone.push(await loadRoute(serve.ready.url, name, paths, SECONDS, 8, RATE));
  const aloneLoop = await serve.child.request({ cmd: 'loop' });
  const saturated: LoadResult[] = [];
  for (const [name, paths] of Object.entries(routes)) saturated.push(await loadRoute(serve.ready.url, name, paths, SECONDS));
  results.api_alone = { routes: alone, loop: aloneLoop, saturated };
  log(results.api_alone);

  log('API while a relink and a full re-sync run in the worker');
  const relinkRepos = await ageRepos(database.db, repos, RELINK_TARGET);
  const resyncRepos = repos.slice(-Math.max(1, Math.round(repos.length / 10)));
  await forgetSyncState(database.db, resyncRepos);
  await serve.child.request({ cmd: 'resetLoop' });
  const relinkRun = work.child.request<{ processed: number; ms: number }>({ cmd: 'relink', repos: relinkRepos.keys });
  const resync = await startChild<boolean>('./work.child.ts', [sim.ready.url], env, 10);
  const resyncRun = resync.child.request<{ ms: number; failed: string[] }>({ cmd: 'sync', repos: resyncRepos, concurrency: 1 });
  const busy: LoadResult[] = [];
  let relinkDone: { processed: number; ms: number } | null = null;
  void relinkRun.then((r) => (relinkDone = r));
  for (const [name, paths] of Object.entries(routes)) busy.push(await loadRoute(serve.ready.url, name, paths, SECONDS, 8, RATE));
  const loopDuringLoad = await serve.child.request<{ max_ms: number }>({ cmd: 'loop' });
  const relink = relinkDone ?? (await relinkRun);
  const resynced = await resyncRun;
  const loopOverall = await serve.child.request<{ p50_ms: number; p99_ms: number; max_ms: number }>({ cmd: 'loop' });
  results.api_busy = { routes: busy, loop_during_load: loopDuringLoad, loop_until_work_done: loopOverall };
  results.relink = { pull_requests: relink.processed, seconds: round(relink.ms / 1000), per_s: Math.round(relink.processed / (relink.ms / 1000)), server_worst_loop_delay_ms: round(loopOverall.max_ms) };
  results.resync = { repositories: resyncRepos.length, seconds: round(resynced.ms / 1000), failed: resynced.failed.length, failures: resynced.failed.slice(0, 3) };
  log(results.api_busy, results.relink, results.resync);

  log(`issue list at ${COMMIT_RATE} requests/s for ${COMMIT_SECONDS} s while a sync commits`);
  const commitRepos = repos.slice(0, Math.max(1, Math.round(repos.length / 10)));
  await forgetSyncState(database.db, commitRepos);
  await serve.child.request({ cmd: 'resetLoop' });
  const committer = await startChild<boolean>('./work.child.ts', [sim.ready.url], env, 10);
  void committer.child.request({ cmd: 'sync', repos: commitRepos, concurrency: 2 }).catch(() => undefined);
  const underCommits = await loadRoute(serve.ready.url, 'issue list', routes['issue list']!, COMMIT_SECONDS, 8, COMMIT_RATE);
  results.api_during_sync = { offered_rps: COMMIT_RATE, seconds: COMMIT_SECONDS, route: underCommits, loop: await serve.child.request({ cmd: 'loop' }) };
  // The sync is only the background here: it stops with the load.
  await committer.child.stop();
  log(results.api_during_sync);

  if (!SKIP.has('page')) {
    log('page first meaningful paint');
    const { runPageBench } = await import('./page.bench.ts');
    results.page = await runPageBench({ baseUrl: serve.ready.url, repo: repos[0]! });
    log(results.page);
  }

  await resync.child.stop();
  await work.child.stop();
  await serve.child.stop();
  await sim.child.stop();
  await database.close();
}

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
