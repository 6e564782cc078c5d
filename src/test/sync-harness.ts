import { loadConfig, type Config } from '../config/config.ts';
import { subnetServiceEnv } from '../sim/subnet/env.ts';
import { listRepos } from '../db/repos.queries.ts';
import { GithubGateway } from '../github/client.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../sim/index.ts';
import { refreshRepoList } from '../sync/repo-list.ts';
import { syncRepository, type SyncOutcome } from '../sync/sync-repo.job.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { captureLogger } from './logs.ts';

export interface SyncHarness {
  sim: Simulator;
  database: TestDatabase;
  gateway: GithubGateway;
  config: Config;
  logs: ReturnType<typeof captureLogger>;
  /** One pass over every tracked repository. */
  syncAll(options?: { reconcileHours?: number; graphqlPerPass?: number }): Promise<SyncOutcome[]>;
  dispose(): Promise<void>;
}

/**
 * A simulator, a fresh database tracking the simulator's repositories, and a
 * gateway whose waits are shrunk so fault tests run in milliseconds.
 */
export async function createSyncHarness(
  simOptions: SimulatorOptions = {},
  gatewayOptions: { tokens?: string[]; timeoutMs?: number; retryBaseMs?: number } = {},
  options: { store?: 'sqlite' | 'postgres' } = {},
): Promise<SyncHarness> {
  const sim = await startSimulator({ repos: 3, itemsPerRepo: 50, ...simOptions });
  const database = await createTestDatabase({ store: options.store });
  const logs = captureLogger('warn');
  // The subnet's services too are the simulator's: nothing here reaches a public host.
  const config = loadConfig({ GITHUB_API_URL: sim.url, HUB_REPOS_URL: sim.masterListUrl('current'), ...subnetServiceEnv(sim.subnetUrls) }, { dotenvPath: null });
  const saved = await refreshRepoList({ db: database.db, config, logger: logs.logger });
  if (saved.status !== 'saved') throw new Error(`the simulator's master list was refused: ${saved.reason}`);
  const gateway = new GithubGateway({
    baseUrl: sim.url,
    tokens: gatewayOptions.tokens ?? ['test-token-1'],
    logger: logs.logger,
    timeoutMs: gatewayOptions.timeoutMs ?? 5_000,
    retryBaseMs: gatewayOptions.retryBaseMs ?? 5,
    secondaryBaseMs: 20,
    rejectedBaseMs: 50,
    graphqlSpacingMs: 0,
  });
  const graphqlState = { unavailableUntil: 0 };
  return {
    sim,
    database,
    gateway,
    config,
    logs,
    async syncAll(options = {}) {
      const repos = await listRepos(database.db, { activeOnly: true });
      const out: SyncOutcome[] = [];
      for (const r of repos) out.push(await syncRepository({ db: database.db, gateway, logger: logs.logger, graphqlState, reconcileHours: options.reconcileHours ?? 24, graphqlPerPass: options.graphqlPerPass ?? 10_000 }, r.name_key));
      return out;
    },
    async dispose() {
      await sim.stop();
      await database.dispose();
    },
  };
}
