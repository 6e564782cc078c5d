import { loadConfig, type Config } from '../config/config.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { captureLogger } from '../test/logs.ts';
import { buildServer, type HubServer, type ServerDeps } from './app.ts';

export interface TestApp {
  app: HubServer;
  database: TestDatabase;
  db: TestDatabase['db'];
  config: Config;
  logs: () => string;
  close: () => Promise<void>;
}

/** The real server on a fresh, migrated database of its own (tests only). */
export async function startTestApp(
  options: { env?: Record<string, string>; deps?: Partial<ServerDeps>; /** Searches on the thread pool, as under `npm start`. */ searchPool?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ GITHUB_TOKENS: 'ghp_' + 'x'.repeat(36), ...options.env }, { dotenvPath: null });
  const { logger, text } = captureLogger('info');
  const app = await buildServer({ db: database.db, dialect: database.dialect, config, logger, webRoot: null, databasePath: options.searchPool ? database.path : null, ...options.deps });
  return {
    app,
    database,
    db: database.db,
    config,
    logs: text,
    close: async () => {
      await app.close();
      await database.dispose();
    },
  };
}
