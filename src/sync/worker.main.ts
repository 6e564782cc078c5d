/**
 * Entry point of the sync worker process (forked by `npm start`). It has its own
 * database connection and event loop, so nothing it does can stall the server.
 */
import { loadConfig } from '../config/config.ts';
import { connectDatabase } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { runSyncWorker } from './worker.run.ts';

const config = loadConfig();
const logger = createLogger({ level: config.logLevel, name: 'worker' });
const database = await connectDatabase(config.database, { log: (message) => logger.warn(message) });
const stop = new AbortController();
// Jobs are given back on the way out; whatever hangs, the process ends in bounded time.
const STOP_DEADLINE_MS = 4_000;
stop.signal.addEventListener('abort', () => {
  setTimeout(() => {
    logger.error({ ms: STOP_DEADLINE_MS }, 'sync worker took too long to stop; exiting');
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort(new Error(signal)));
// The parent went away (killed, crashed): stop rather than run orphaned.
process.on('disconnect', () => stop.abort(new Error('parent disconnected')));

void runSyncWorker(config, database, logger, stop.signal).then(async (code) => {
  await database.close();
  process.exit(code);
});
