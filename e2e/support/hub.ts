import type { AddressInfo } from 'node:net';
import { buildServer, type HubServer } from '../../src/server/app.ts';
import type { SimulatorOptions } from '../../src/sim/index.ts';
import type { ReposPage } from '../../src/web/api/types.ts';
import { createSubnetClients } from '../../src/subnet/clients.ts';
import { listRepos } from '../../src/db/repos.queries.ts';
import { runDueSubnetJobs } from '../../src/sync/subnet-scheduler.ts';
import { scoreRepoTokens } from '../../src/sync/token-scores.job.ts';
import { ThreadTokenScorer } from '../../src/sync/token-scorer.ts';
import { createSyncHarness, type SyncHarness } from '../../src/test/sync-harness.ts';

export interface Hub {
  baseUrl: string;
  harness: SyncHarness;
  app: HubServer;
  /** One run of the subnet's mirror jobs that are due, against the simulator's services. */
  mirrorSubnet(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real server on port 0, over a store synced from the simulator, serving the
 * built page from src/web/dist (the global setup builds it). The data is the
 * simulator's, so the server says so (`mode: demo`) unless told otherwise.
 */
export async function startHub(options: { sim?: SimulatorOptions; demo?: boolean } = {}): Promise<Hub> {
  // 100 items a repository leave a heavy one with a screenful of open issues (merged pull requests close the issues they link).
  // History ends now (not at the simulator's fixed default), so relative times and "new since" read as they would live.
  const harness = await createSyncHarness({ repos: 3, itemsPerRepo: 100, startTime: Date.now(), ...options.sim });
  await harness.syncAll();
  // The subnet's miners, scores, maintainers and prices, from the simulator's services.
  const clients = createSubnetClients(harness.config.services, { retries: 0 });
  const mirrorSubnet = async () => {
    await runDueSubnetJobs({ db: harness.database.db, clients, services: harness.config.services, logger: harness.logs.logger });
  };
  await mirrorSubnet();
  // What the worker's token-score task does after a sync: token scores of the pull requests in each window,
  // from the subnet's mirror, so base scores (and the regulars' pay, src/sim/regulars.ts) are not zero.
  const scorer = new ThreadTokenScorer();
  try {
    for (const r of await listRepos(harness.database.db, { activeOnly: true })) {
      await scoreRepoTokens({ db: harness.database.db, gateway: harness.gateway, mirror: clients.mirror, scorer, logger: harness.logs.logger, quotaPerPass: harness.config.sync.tokenScoreQuotaPerPass }, r.name_key);
    }
  } finally {
    await scorer.close();
  }
  const config = Object.freeze({ ...harness.config, demo: options.demo ?? true });
  // A short poll so a committed sync reaches the page's event stream within the test's patience.
  const app = await buildServer({ db: harness.database.db, dialect: harness.database.dialect, config, logger: harness.logs.logger, eventsPollMs: 100 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    harness,
    app,
    mirrorSubnet,
    async close() {
      await app.close();
      await harness.dispose();
    },
  };
}

/**
 * Moves the simulator's clock to just after the wall clock, so an item created
 * next is stamped later than anything the browser has recorded (GitHub times
 * have whole seconds, the page's visit times milliseconds).
 */
export function catchUpClock(hub: Hub): void {
  const target = Date.now() + 1000;
  const now = hub.harness.sim.clock.now();
  if (target > now) hub.harness.sim.clock.advance(target - now);
}

/** The heaviest tracked repository: the first row of the repository list. */
export async function heaviestRepo(hub: Hub): Promise<string> {
  const res = await fetch(`${hub.baseUrl}/api/repos`);
  const repos = ((await res.json()) as ReposPage).items;
  return [...repos].sort((a, b) => b.weight - a.weight)[0]!.full_name;
}
