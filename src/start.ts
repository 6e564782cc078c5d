import type { Config } from './config/config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { createLogger } from './logger.ts';
import { buildServer } from './server/app.ts';
import { refreshRepoList } from './sync/repo-list.ts';

/**
 * `npm start`: migrate, refresh the repository list, then serve. The server
 * process only reads; syncing runs in a worker process of its own.
 */
export async function runStart(config: Config): Promise<number> {
  const logger = createLogger({ level: config.logLevel });
  const database = openDatabase(config.database);
  await migrate(database, { onApplied: (name, ms) => logger.info({ migration: name, ms }, 'migration applied') });
  await refreshRepoList({ db: database.db, config, logger });

  const app = await buildServer({ db: database.db, dialect: database.dialect, config, logger });
  const address = await app.listen({ host: config.host, port: config.port });
  logger.info({ address, mode: config.demo ? 'demo' : 'live' }, 'server listening');
  process.stdout.write(`SN74 Hub listening on ${address}${config.demo ? ' (demo mode: simulated GitHub data)' : ''}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  await database.close();
  return 0;
}
