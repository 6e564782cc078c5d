/**
 * The miner view's phase (`npm run bench -- --only miners`): a store of `miners` ×
 * `repos` standings built by direct inserts (three merged and one open pull request per
 * miner and repository, with their facts and token scores), a full scoring recomputation
 * timed, then the p99 of the miner view's API answer (standing and projection) and of the
 * leaderboard (`GET /api/miners`) at a fixed rate, alone and while the worker recomputes
 * every standing, and the miner view's first meaningful paint over cold loads in Chromium.
 * The 1,000,000-item store of the full bench is not built here (the standings are what these
 * routes read; building it takes the full sync phase).
 */
import { rmSync } from 'node:fs';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createLogger } from '../src/logger.ts';
import { scoreAllRepositories } from '../src/sync/scoring.job.ts';
import { DAY, HOUR, insertPull, scoringRepo } from '../src/test/scoring-store.ts';
import { ensureWebBuilt } from '../src/web/build.ts';
import { startChild } from './child.ts';
import { loadRoute } from './load.ts';
import { runPageBench } from './page.bench.ts';

export interface MinersBenchOptions {
  miners: number;
  repos: number;
  seconds: number;
  rate: number;
  dbPath: string;
}

export async function runMinersBench(o: MinersBenchOptions, log: (...a: unknown[]) => void) {
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
  const buildMs = performance.now() - started;
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
  const alone = [];
  for (const [name, paths] of Object.entries(routes)) alone.push(await loadRoute(serve.ready.url, name, paths, o.seconds, 8, o.rate));
  log('  alone', alone);

  const busy = [];
  const recompute = work.child.request<{ repos: number; evaluated: number; ms: number }>({ cmd: 'scoreAll' });
  for (const [name, paths] of Object.entries(routes)) busy.push(await loadRoute(serve.ready.url, name, paths, o.seconds, 8, o.rate));
  const during = await recompute;
  log('  during a full recomputation', busy, during);

  const page = await runPageBench({ baseUrl: serve.ready.url, repo: '', path: `/miners/${pick(3)}`, runs: 5 });
  await work.child.stop();
  await serve.child.stop();
  const r1 = (n: number) => Math.round(n * 10) / 10;
  return {
    miners: o.miners,
    repositories: o.repos,
    standings: scored.reduce((s, x) => s + x.evaluated, 0),
    pull_requests: o.miners * o.repos * 4,
    store_build_seconds: r1(buildMs / 1000),
    full_recompute_seconds_in_bench_process: r1(scoringMs / 1000),
    full_recompute_seconds_in_worker_under_load: r1(during.ms / 1000),
    api_alone: alone,
    api_during_recompute: busy,
    recompute_finished_within_load: during.ms / 1000 <= o.seconds * Object.keys(routes).length,
    page_miner_view: page,
  };
}
