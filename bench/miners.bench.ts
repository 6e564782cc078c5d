/**
 * The miner view's phase (`npm run bench -- --only miners`): a store of `miners` ×
 * `repos` standings built by direct inserts (three merged and one open pull request per
 * miner and repository, with their facts and token scores), a full scoring recomputation
 * timed, then the p99 of the miner view's API answer (standing and projection) and of the
 * leaderboard (`GET /api/miners`) at a fixed rate, alone and while the worker recomputes
 * every standing, and the miner view's first meaningful paint over cold loads in Chromium.
 * With `mirrorItems` the store is then filled up to that many items, as the full bench's
 * 1,000,000-item store: the rest sit in mirrored repositories outside the scored set (not
 * active in the master list), so the scoring workload stays the `miners` × `repos` one the
 * figures are about while every table and index the routes read from has the full store's size.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createLogger } from '../src/logger.ts';
import { scoreAllRepositories } from '../src/sync/scoring.job.ts';
import { DAY, HOUR, insertPull, scoringRepo } from '../src/test/scoring-store.ts';
import { ensureWebBuilt } from '../src/web/build.ts';
import { startChild } from './child.ts';
import { loadRoute, type LoadResult } from './load.ts';
import { runPageBench } from './page.bench.ts';

export interface MinersBenchOptions {
  miners: number;
  repos: number;
  seconds: number;
  rate: number;
  dbPath: string;
  /** Reuse the store a previous run built when it has the same shape (the build takes minutes at 1,000,000 items). */
  keepStore?: boolean;
  /** Fill the store up to this many items (0: only the scored pull requests). */
  mirrorItems?: number;
}

/** Items per filler repository, as the full bench's repositories. */
const FILLER_PER_REPO = 5000;

/**
 * Issues and pull requests of repositories outside the scored set, inserted with one
 * `INSERT … SELECT` over a recursive sequence per repository (the search index's triggers
 * fire as they do for synced rows): titles and bodies of a few words from a small
 * vocabulary, half of them pull requests, ages of one to three years.
 */
async function fillMirror(db: Kysely<DB>, items: number, log: (...a: unknown[]) => void): Promise<number> {
  const repos = Math.ceil(items / FILLER_PER_REPO);
  const words = ['crash', 'timeout', 'validator', 'docs', 'memory', 'leak', 'miner', 'subnet', 'error', 'handling', 'install', 'fix', 'cache', 'retry', 'parser'];
  const word = (k: number) => `CASE (n * ${k}) % ${words.length} ${words.map((w, i) => `WHEN ${i} THEN '${w}'`).join(' ')} END`;
  // A year ago, in seconds: every filler item is older than any window.
  const base = Math.floor(Date.now() / 1000) - 365 * 86400;
  let stored = 0;
  for (let r = 0; r < repos; r++) {
    const count = Math.min(FILLER_PER_REPO, items - stored);
    const repo = await scoringRepo(db, `mirror-org/repo-${r}`, { emission_share: 0 });
    await db.updateTable('repos').set({ active: 0 }).where('id', '=', repo.id).execute();
    await sql`WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count})
      INSERT INTO items (repo_id, number, is_pull, title, body, state, state_reason, status, merged, merged_at, author, author_key, author_association, labels, comments, created_at, updated_at, closed_at, synced_at)
      SELECT ${repo.id}, n, n % 2, 'Item ' || n || ' ' || ${sql.raw(word(7))} || ' ' || ${sql.raw(word(11))},
        'A report about ' || ${sql.raw(word(3))} || ' and ' || ${sql.raw(word(13))} || ' in module ' || (n % 97) || '.',
        CASE WHEN n % 3 = 0 THEN 'open' ELSE 'closed' END,
        CASE WHEN n % 2 = 0 AND n % 3 <> 0 THEN 'completed' ELSE NULL END,
        CASE WHEN n % 3 = 0 THEN 'open' WHEN n % 2 = 1 THEN 'merged' ELSE 'completed' END,
        CASE WHEN n % 3 <> 0 AND n % 2 = 1 THEN 1 ELSE 0 END,
        CASE WHEN n % 3 <> 0 AND n % 2 = 1 THEN strftime('%Y-%m-%dT%H:%M:%SZ', ${base} - n * 6000, 'unixepoch') END,
        'user-' || (n % 500), 'user-' || (n % 500), 'CONTRIBUTOR', '[]', n % 7,
        strftime('%Y-%m-%dT%H:%M:%SZ', ${base} - n * 12000, 'unixepoch'),
        strftime('%Y-%m-%dT%H:%M:%SZ', ${base} - n * 6000, 'unixepoch'),
        CASE WHEN n % 3 <> 0 THEN strftime('%Y-%m-%dT%H:%M:%SZ', ${base} - n * 6000, 'unixepoch') END,
        strftime('%Y-%m-%dT%H:%M:%SZ', ${base} - n * 6000, 'unixepoch')
      FROM seq`.execute(db);
    stored += count;
    if ((r + 1) % 20 === 0 || r === repos - 1) log(`  mirrored repositories: ${r + 1} of ${repos} (${stored} items)`);
  }
  return stored;
}

/** Whether the store at `path` is one this phase built with the same shape (`--keep-store`). */
async function storeHolds(path: string, repos: number, items: number): Promise<boolean> {
  const database = openDatabase({ kind: 'sqlite', path });
  try {
    await migrate(database);
    const { rows } = await sql<{ items: number; scored: number }>`SELECT (SELECT count(*) FROM items) AS items, (SELECT count(*) FROM repos WHERE active = 1) AS scored`.execute(database.db);
    return Number(rows[0]!.items) === items && Number(rows[0]!.scored) === repos;
  } finally {
    await database.close();
  }
}

async function buildStore(o: MinersBenchOptions, log: (...a: unknown[]) => void): Promise<{ items: number; seconds: number }> {
  for (const s of ['', '-wal', '-shm']) rmSync(o.dbPath + s, { force: true });
  const database = openDatabase({ kind: 'sqlite', path: o.dbPath });
  await migrate(database);
  const db = database.db;
  const started = performance.now();
  const now = Date.now();
  for (let r = 0; r < o.repos; r++) {
    await db.transaction().execute(async (trx) => {
      // 20 repositories at 0.045 each: 0.9 of the miners' pool is listed.
      const repo = await scoringRepo(trx, `bench-org/repo-${r}`, { emission_share: 0.9 / o.repos });
      let n = 1;
      for (let m = 0; m < o.miners; m++) {
        const author = `miner-${m}`;
        for (let k = 0; k < 3; k++) await insertPull(trx, repo, { number: n++, author, createdAt: now - (3 + k) * DAY, mergedAt: now - ((m + k) % 20) * DAY - HOUR });
        await insertPull(trx, repo, { number: n++, author, state: 'open', createdAt: now - DAY });
      }
    });
    log(`  repository ${r + 1} of ${o.repos} stored`);
  }
  const scoredItems = o.miners * o.repos * 4;
  const filler = o.mirrorItems && o.mirrorItems > scoredItems ? await fillMirror(db, o.mirrorItems - scoredItems, log) : 0;
  await database.close();
  return { items: scoredItems + filler, seconds: (performance.now() - started) / 1000 };
}

export async function runMinersBench(o: MinersBenchOptions, log: (...a: unknown[]) => void) {
  const scoredItems = o.miners * o.repos * 4;
  const wanted = Math.max(scoredItems, o.mirrorItems ?? 0);
  const reuse = o.keepStore === true && existsSync(o.dbPath) && (await storeHolds(o.dbPath, o.repos, wanted));
  if (reuse) log(`  reusing the store a previous run built: ${wanted} items, ${o.repos} scored repositories`);
  const built = reuse ? null : await buildStore(o, log);
  const database = openDatabase({ kind: 'sqlite', path: o.dbPath });
  const db = database.db;
  const logger = createLogger({ level: 'warn' });
  const scoredAt = performance.now();
  const scored = await scoreAllRepositories({ db, logger });
  const scoringMs = performance.now() - scoredAt;
  await database.close();

  await ensureWebBuilt(logger);
  const store = { DATABASE_URL: `sqlite:${o.dbPath}` };
  const serve = await startChild<{ url: string }>('./serve.child.ts', [], store);
  const work = await startChild<boolean>('./work.child.ts', [], store, 10);
  const pick = (i: number) => `miner-${(i * 7919) % o.miners}`;
  const routes: Record<string, string[]> = {
    'miner view: standing': Array.from({ length: 200 }, (_, i) => `/api/miners/${pick(i)}/standing`),
    'miner view: projection': Array.from({ length: 200 }, (_, i) => `/api/miners/${pick(i)}/projection`),
    'leaderboard (GET /api/miners)': ['/api/miners', '/api/miners?limit=100', '/api/miners?registered=false&limit=50'],
  };
  for (const paths of Object.values(routes)) await loadRoute(serve.ready.url, 'warm-up', paths, 2, 4);
  // Each timed phase three times; the figures are the median run's, with the spread of the p99 beside it.
  const aloneRuns: LoadResult[][] = [];
  const busyRuns: LoadResult[][] = [];
  let during = { repos: 0, evaluated: 0, ms: 0 };
  for (let run = 0; run < RUNS; run++) {
    const alone: LoadResult[] = [];
    for (const [name, paths] of Object.entries(routes)) alone.push(await loadRoute(serve.ready.url, name, paths, o.seconds, 8, o.rate));
    aloneRuns.push(alone);
    log(`  alone, run ${run + 1}`, alone.map((x) => `${x.route}: p99 ${x.p99_ms} ms`));
    const busy: LoadResult[] = [];
    const recompute = work.child.request<{ repos: number; evaluated: number; ms: number }>({ cmd: 'scoreAll' });
    for (const [name, paths] of Object.entries(routes)) busy.push(await loadRoute(serve.ready.url, name, paths, o.seconds, 8, o.rate));
    during = await recompute;
    busyRuns.push(busy);
    log(`  during a full recomputation, run ${run + 1}`, busy.map((x) => `${x.route}: p99 ${x.p99_ms} ms`), during);
  }
  const alone = medianRuns(aloneRuns);
  const busy = medianRuns(busyRuns);

  const page = await runPageBench({ baseUrl: serve.ready.url, repo: '', path: `/miners/${pick(3)}`, runs: 5 });
  await work.child.stop();
  await serve.child.stop();
  const r1 = (n: number) => Math.round(n * 10) / 10;
  return {
    miners: o.miners,
    repositories: o.repos,
    standings: scored.reduce((s, x) => s + x.evaluated, 0),
    pull_requests: scoredItems,
    store_items: wanted,
    store_build_seconds: built ? r1(built.seconds) : 'reused',
    full_recompute_seconds_in_bench_process: r1(scoringMs / 1000),
    full_recompute_seconds_in_worker_under_load: r1(during.ms / 1000),
    api_alone: alone,
    api_during_recompute: busy,
    recompute_finished_within_load: during.ms / 1000 <= o.seconds * Object.keys(routes).length,
    page_miner_view: page,
  };
}

type MinersBenchResult = Awaited<ReturnType<typeof runMinersBench>>;

const RUNS = 3;

/** Per route, the run whose p99 is the median of the runs', with every run's p99 (sorted) beside it. */
function medianRuns(runs: LoadResult[][]): (LoadResult & { p99_runs_ms: number[] })[] {
  return runs[0]!.map((first, i) => {
    const byP99 = runs.map((r) => r[i]!).sort((a, b) => a.p99_ms - b.p99_ms);
    return { ...byP99[Math.floor(byP99.length / 2)]!, route: first.route, p99_runs_ms: byP99.map((x) => x.p99_ms) };
  });
}

/** Writes the phase's figures into their own block of docs/benchmarks.md, with the machine's load around the run. */
export function recordMinersBench(r: MinersBenchResult, o: { machine: string; loadBefore: number; seconds: number; rate: number }): void {
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  const current = readFileSync(file, 'utf8');
  const during = new Map(r.api_during_recompute.map((x) => [x.route, x]));
  const target = 50;
  const rows = r.api_alone.map((a) => {
    const b = during.get(a.route);
    const met = a.p99_ms < target && b !== undefined && b.p99_ms < target ? 'yes' : 'no';
    return `| ${a.route} | ${a.p50_ms} / ${a.p99_ms} / ${a.max_ms} (p99 of the runs: ${a.p99_runs_ms.join(', ')}) | ${b ? `${b.p50_ms} / ${b.p99_ms} / ${b.max_ms} (p99 of the runs: ${b.p99_runs_ms.join(', ')})` : 'not run'} | ${a.rps} / ${b?.rps ?? '-'} | ${a.non_2xx + (b?.non_2xx ?? 0)} | ${met} |`;
  });
  const paint = r.page_miner_view;
  const block = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${o.machine}; load average ${o.loadBefore.toFixed(1)} before the run and ${loadavg()[0]!.toFixed(1)} after. ` +
      `${r.miners} miners × ${r.repositories} repositories (${r.standings} standings, ${r.pull_requests} scored pull requests) in a store of ${r.store_items} items; ` +
      `each route offered ${o.rate} requests/s with 8 connections for ${o.seconds} s, alone and then during a full recomputation, three times; the figures are the run with the median p99.`,
    '',
    '| route | alone p50 / p99 / max (ms) | during a full recomputation p50 / p99 / max (ms) | requests/s reached | non-2xx | p99 under 50 ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `- Store: ${r.store_build_seconds === "reused" ? "reused from a previous run (`--keep-store`)" : `built in ${r.store_build_seconds} s`}; full recomputation ${r.full_recompute_seconds_in_bench_process} s in the bench process, ` +
      `${r.full_recompute_seconds_in_worker_under_load} s in the worker under the load (${r.recompute_finished_within_load ? 'finished within' : 'still running after'} the loaded phase).`,
    `- Miner view first meaningful paint: median ${paint.median_ms} ms of ${paint.cold_loads} cold loads (best ${paint.min_ms} ms, worst ${paint.max_ms} ms; target under 1,000 ms: ` +
      `${paint.median_ms < 1000 ? 'met' : 'not met'}); JavaScript ${paint.js_bundle_bytes} bytes in all chunks, ${paint.js_bundle_gzip_bytes} gzipped.`,
  ].join('\n');
  const marked = /<!-- bench:miners:start -->[\s\S]*<!-- bench:miners:end -->/;
  const section = `<!-- bench:miners:start -->\n${block}\n<!-- bench:miners:end -->`;
  writeFileSync(file, marked.test(current) ? current.replace(marked, section) : `${current.trimEnd()}\n\n${section}\n`);
}
