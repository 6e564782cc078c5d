import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Config } from './config/config.ts';
import { connectDatabase, type Database } from './db/database.ts';
import { createChangeNotifier } from './db/change-notifier.ts';
import { migrate } from './db/migrate.ts';
import { checkStore, type StoreCheck } from './db/store-check.ts';
import { createLogger, type Logger } from './logger.ts';
import { prepareRuntime, type Runtime } from './runtime.ts';
import { buildServer } from './server/app.ts';
import { runSyncWorker } from './sync/worker.run.ts';
import { ensureWebBuilt } from './web/build.ts';

/**
 * What one `start` runs: `all` (the server and its own supervised worker process,
 * one machine), `server` (the API and the page, never syncing) or `worker` (the
 * sync worker alone, no port). Any number of servers and workers may share one
 * PostgreSQL database; jobs are leased, so no two workers run the same one.
 */
export const ROLES = ['all', 'server', 'worker'] as const;
export type Role = (typeof ROLES)[number];

const WORKER_ENTRY = fileURLToPath(new URL('./sync/worker.main.ts', import.meta.url));
const WORKER_NICENESS = 10;
// Shutdown is bounded: the worker gets this long to give its jobs back, open
// connections this long to finish, and the whole process this long to exit.
const WORKER_STOP_MS = 5_000;
const CONNECTIONS_GRACE_MS = 2_000;
const SHUTDOWN_DEADLINE_MS = 8_000;
const PARENT_CHECK_MS = 500;
// quick_check reads every page: on a very large store it gives up after this and start-up goes on.
const STORE_CHECK_MS = 15_000;
// SQLite's event feed looks for new changes this often; PostgreSQL's is woken by NOTIFY.
const EVENTS_POLL_MS = 1_000;

/**
 * `npm start`: migrate, serve, and run the sync worker in a process of its own.
 * The server only reads; the worker (restarted with back-off if it dies) does all
 * GitHub and link work. SIGINT/SIGTERM stop both cleanly, within a bounded time.
 *
 * `npm start` does not pass SIGTERM on: npm exits and leaves its script's
 * process running, re-parented. So the hub also stops when its parent goes
 * away, and the worker stops when the hub does (its IPC channel closes).
 */
export async function runStart(baseConfig: Config, role: Role = 'all'): Promise<number> {
  const logger = createLogger({ level: baseConfig.logLevel, name: role === 'worker' ? 'worker' : 'hub' });
  const runtime = await prepareRuntime(baseConfig, logger);
  const { config } = runtime;
  // A store with damaged pages would serve "database disk image is malformed" on
  // every list, search and sync: refuse to start on it, saying so.
  let storeCheck: StoreCheck | null = null;
  if (config.database.kind === 'sqlite' && existsSync(config.database.path)) {
    storeCheck = await checkStore(config.database.path, STORE_CHECK_MS);
    const fields = { path: config.database.path, state: storeCheck.state, detail: storeCheck.detail, ms: storeCheck.ms };
    if (storeCheck.state === 'corrupt') {
      logger.fatal(fields, 'the database file is damaged; not starting');
      process.stderr.write(`The database ${config.database.path} is damaged (${storeCheck.detail}). Restore it from a backup, or move it away to start a fresh mirror.\n`);
      await runtime.stop();
      return 1;
    }
    if (storeCheck.state === 'unverified') logger.warn(fields, 'database integrity not verified at start');
    else logger.info(fields, 'database integrity checked');
  }
  const database = await connectDatabase(config.database, { log: (message) => logger.warn(message) });
  await migrate(database, { onApplied: (name, ms) => logger.info({ migration: name, ms }, 'migration applied') });
  if (role === 'worker') return runWorkerRole(runtime, database, logger);

  // The page is served from its build: rebuild it first when src/web changed (a no-op otherwise).
  await ensureWebBuilt(logger);
  const changeNotifier = createChangeNotifier(config.database, logger, EVENTS_POLL_MS);
  const app = await buildServer({ db: database.db, dialect: database.dialect, config, logger, changeNotifier, databasePath: config.database.kind === 'sqlite' ? config.database.path : null, storeCheck });
  const address = await app.listen({ host: config.host, port: config.port });
  const worker = role === 'all' ? superviseWorker(runtime.workerEnv, logger) : { stop: async () => {} };
  logger.info({ address, mode: config.demo ? 'demo' : 'live', role }, 'server listening');
  process.stdout.write(`SN74 Hub listening on ${address}${config.demo ? '  (DEMO MODE: simulated GitHub data)' : ''}\n`);

  await shutdownRequested(logger);
  // close() waits for requests in flight; after the grace period every remaining
  // connection (keep-alive sockets, streams) is cut so it cannot hold the server open.
  const cut = setTimeout(() => app.server.closeAllConnections(), CONNECTIONS_GRACE_MS);
  await Promise.all([worker.stop(), app.close()]);
  clearTimeout(cut);
  await database.close();
  await runtime.stop();
  return 0;
}

/** Resolves on SIGINT, SIGTERM, SIGHUP or the parent's exit; from then on the process ends in bounded time. */
async function shutdownRequested(logger: Logger): Promise<void> {
  const reason = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGHUP', () => resolve('SIGHUP'));
    const parent = process.ppid;
    const watch = setInterval(() => {
      if (process.ppid !== parent) resolve('parent process exited');
    }, PARENT_CHECK_MS);
    watch.unref();
  });
  logger.info({ reason }, 'shutting down');
  // Whatever hangs (a stuck connection, a slow close), the process ends in bounded time.
  setTimeout(() => {
    logger.error({ ms: SHUTDOWN_DEADLINE_MS }, 'shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  // A second signal means now.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));
}

/**
 * `--role worker`: the sync worker in this process, no port. A worker machine
 * restarts it through its service manager (systemd's Restart=), not a supervisor.
 */
async function runWorkerRole(runtime: Runtime, database: Database, logger: Logger): Promise<number> {
  const stop = new AbortController();
  process.stdout.write(`SN74 Hub sync worker started (no HTTP port)${runtime.config.demo ? '  (DEMO MODE: simulated GitHub data)' : ''}\n`);
  void shutdownRequested(logger).then(() => stop.abort(new Error('shutdown')));
  const code = await runSyncWorker(runtime.config, database, logger, stop.signal);
  await database.close();
  await runtime.stop();
  return code;
}

function superviseWorker(env: NodeJS.ProcessEnv, logger: Logger): { stop(): Promise<void> } {
  let child: ChildProcess | null = null;
  let stopping = false;
  let failures = 0;
  let restartTimer: NodeJS.Timeout | null = null;

  const launch = () => {
    const startedAt = Date.now();
    child = fork(WORKER_ENTRY, [], { env, execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    // On a small machine the worker's bursts compete with the server for the CPU;
    // a lower priority keeps the request path responsive. Best effort: not all
    // platforms or users may change it.
    try {
      if (child.pid) setPriority(child.pid, WORKER_NICENESS);
    } catch (err) {
      logger.debug({ err }, 'could not lower the sync worker priority');
    }
    child.on('exit', (code, signal) => {
      child = null;
      if (stopping) return;
      failures = Date.now() - startedAt > 60_000 ? 1 : failures + 1;
      const delay = Math.min(30_000, 1000 * 2 ** (failures - 1));
      logger.error({ code, signal, restartInMs: delay }, 'sync worker exited; restarting');
      restartTimer = setTimeout(launch, delay);
    });
  };
  launch();

  return {
    stop: async () => {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const c = child;
      if (!c) return;
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => c.kill('SIGKILL'), WORKER_STOP_MS);
        c.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        c.kill('SIGTERM');
      });
    },
  };
}
