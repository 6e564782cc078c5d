import { rmSync } from 'node:fs';
import type { Config, DatabaseConfig } from './config/config.ts';
import { GithubGateway } from './github/client.ts';
import type { Logger } from './logger.ts';
import type { Simulator } from './sim/index.ts';

export interface Runtime {
  /** The configuration in force: in demo mode it points at the built-in simulator. */
  config: Config;
  sim: Simulator | null;
  /** Environment for the worker process, which reads its settings the same way. */
  workerEnv: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

const DEFAULT_SQLITE = './data/hub.sqlite';
const DEMO_SQLITE = './data/demo.sqlite';
const DEMO_TOKEN = 'demo-token-for-the-simulator';

/**
 * The demo's simulated GitHub and its random activity. The world is a function of
 * the seed, and each clock step of the step number, so a restarted demo hands out
 * the same item numbers to the same items (author, title, body) as before.
 */
export const DEMO_SIMULATOR = { seed: 74, repos: 8, itemsPerRepo: 250 } as const;
export const DEMO_ACTIVITY = { intervalMs: 10_000, events: 2, realTime: true } as const;

/**
 * Demo mode (no GITHUB_TOKENS, no GITHUB_API_URL): starts the GitHub simulator on
 * loopback with a living data set and points the hub at it. The demo keeps its
 * own database, recreated at every start, so simulated data never mixes with a
 * real mirror and its timeline always matches the simulator's.
 */
export async function prepareRuntime(config: Config, logger: Logger): Promise<Runtime> {
  if (!config.demo) return { config, sim: null, workerEnv: { ...process.env }, stop: async () => {} };

  const { startSimulator } = await import('./sim/index.ts');
  const sim = await startSimulator({ ...DEMO_SIMULATOR, port: 0, startTime: Date.now() });
  sim.clock.start(DEMO_ACTIVITY);
  const database = hubDatabase(config);
  if (database.kind === 'sqlite' && database.path === DEMO_SQLITE) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${DEMO_SQLITE}${suffix}`, { force: true });
  }
  // The simulator accepts any token; one is needed because GitHub's GraphQL API (and so
  // the simulator's) refuses anonymous callers, and the demo should show GitHub's own links.
  const effective: Config = Object.freeze({ ...config, githubTokens: [DEMO_TOKEN], githubApiUrl: sim.url, reposFile: null, reposUrl: sim.masterListUrl('current'), database });
  logger.warn({ simulator: sim.url }, 'DEMO MODE: no GITHUB_TOKENS or GITHUB_API_URL set; serving simulated GitHub data');
  return {
    config: effective,
    sim,
    workerEnv: {
      ...process.env,
      GITHUB_API_URL: sim.url,
      GITHUB_TOKENS: DEMO_TOKEN,
      HUB_REPOS: '',
      HUB_REPOS_URL: sim.masterListUrl('current'),
      // The simulated subnet mirror serves the demo's pull request files (token scores).
      GITTENSOR_MIRROR_URL: sim.subnetUrls.mirror,
      DATABASE_URL: database.kind === 'sqlite' ? `sqlite:${database.path}` : database.url,
      HUB_DEMO: '1',
    },
    stop: async () => {
      sim.clock.stop();
      await sim.stop();
    },
  };
}

/**
 * The database the hub uses: in demo mode the default file is swapped for the
 * demo's own, so simulated data never mixes with a real mirror; an explicitly
 * configured database is used as it is.
 */
export function hubDatabase(config: Config): DatabaseConfig {
  const db = config.database;
  return config.demo && db.kind === 'sqlite' && db.path === DEFAULT_SQLITE ? { kind: 'sqlite', path: DEMO_SQLITE } : db;
}

export function createGateway(config: Config, logger: Logger): GithubGateway {
  return new GithubGateway({ baseUrl: config.githubApiUrl, tokens: config.githubTokens, logger, timeoutMs: config.sync.requestTimeoutMs, graphqlSpacingMs: config.sync.graphqlIntervalMs, webUrl: config.githubWebUrl });
}
