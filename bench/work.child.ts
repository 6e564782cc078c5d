/**
 * Background work on the store, in its own process (as the sync worker runs):
 * a relink of chosen repositories, or a full re-sync of chosen repositories
 * from the simulator. A sync runs the production worker itself: jobs queued in
 * the jobs table, claimed under leases by `SyncWorker`'s runners, each a pass
 * then its relink (the flow `npm start` and `sync --once` run). The store is the
 * DATABASE_URL the bench passes (`sqlite:<file>` or `postgres://…`).
 */
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { createLogger } from '../src/logger.ts';
import { createGateway } from '../src/runtime.ts';
import { enqueueJob } from '../src/db/jobs.queries.ts';
import { relinkRepository } from '../src/sync/relink.job.ts';
import { scoreAllRepositories } from '../src/sync/scoring.job.ts';
import { SyncWorker } from '../src/sync/worker.ts';
import { benchStoreUrl, serveParent } from './child.ts';

const [apiUrl] = process.argv.slice(2) as [string | undefined];
const config = loadConfig({ GITHUB_TOKENS: 'bench-token', GITHUB_API_URL: apiUrl ?? 'http://127.0.0.1:9', DATABASE_URL: benchStoreUrl(), HUB_GRAPHQL_INTERVAL_MS: '0', LOG_LEVEL: 'warn', GITTENSOR_API_URL: 'off', GITTENSOR_MIRROR_URL: 'off', HUB_TAO_PRICE_URL: 'off' }, { dotenvPath: null });
const database = openDatabase(config.database);
const logger = createLogger({ level: 'warn' });

serveParent({
  scoreAll: async () => {
    const started = performance.now();
    const out = await scoreAllRepositories({ db: database.db, logger });
    return { repos: out.length, evaluated: out.reduce((s, o) => s + o.evaluated, 0), ms: performance.now() - started };
  },
  relink: async (m) => {
    const started = performance.now();
    let processed = 0;
    for (const key of m.repos as string[]) processed += (await relinkRepository({ db: database.db, logger }, key)).processed;
    return { processed, ms: performance.now() - started };
  },
  sync: async (m) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const concurrency = Number(m.concurrency ?? 2);
    let items = 0;
    let requests = 0;
    let quota = 0;
    const failed: string[] = [];
    const worker = new SyncWorker({
      db: database.db,
      gateway: createGateway(config, logger),
      config: { ...config, sync: { ...config.sync, concurrency } },
      logger,
      idleMs: 20,
      syncTask: {
        graphqlPerPass: Number.MAX_SAFE_INTEGER,
        onSyncOutcome: (o) => {
          items += o.created + o.updated;
          requests += o.requests;
          quota += o.quota;
          if (!o.ok) failed.push(`${o.repo}: ${o.error}`);
        },
      },
    });
    for (const key of m.repos as string[]) await enqueueJob(database.db, { kind: 'sync', key: `sync:${key}`, payload: { repo: key }, maxAttempts: 1 });
    await worker.drain();
    const used = process.cpuUsage(cpu);
    // The worker's own CPU (user + system), for CPU time per stored item.
    return { items, requests, quota, failed, ms: performance.now() - started, cpu_us: used.user + used.system };
  },
});
process.send!({ ready: true });
