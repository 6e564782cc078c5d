/**
 * The API server as production runs it (buildServer on the store), in its own
 * process, with an event-loop delay histogram the bench can reset per phase.
 * The store is the DATABASE_URL the bench passes (`sqlite:<file>` or `postgres://…`).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { createLogger } from '../src/logger.ts';
import { buildServer } from '../src/server/app.ts';
import { benchStoreUrl, serveParent } from './child.ts';

const config = loadConfig({ GITHUB_TOKENS: 'bench-token-not-used', DATABASE_URL: benchStoreUrl(), LOG_LEVEL: 'warn', GITTENSOR_API_URL: 'off', GITTENSOR_MIRROR_URL: 'off', HUB_TAO_PRICE_URL: 'off' }, { dotenvPath: null });
const database = openDatabase(config.database);
// As `npm start`: searches on a thread pool for a SQLite file, on the main pool for PostgreSQL.
const databasePath = config.database.kind === 'sqlite' ? config.database.path : null;
const app = await buildServer({ db: database.db, dialect: database.dialect, config, logger: createLogger({ level: 'warn' }), databasePath });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
serveParent({
  resetLoop: () => {
    loop.reset();
    return true;
  },
  loop: () => ({ p50_ms: loop.percentile(50) / 1e6, p99_ms: loop.percentile(99) / 1e6, max_ms: loop.max / 1e6 }),
});
process.send!({ ready: { url } });
