import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';

export interface TestDatabase extends Database {
  /** SQLite: the database file. PostgreSQL: a file name in `dir` that is never created. */
  path: string;
  /** A temporary folder the test may write into (repository lists, exports). */
  dir: string;
  /** What DATABASE_URL would be for a hub process pointed at this store. */
  url: string;
  config: DatabaseConfig;
  /** Closes the database and deletes it (its files, or the PostgreSQL database). */
  dispose(): Promise<void>;
}

/** The store the tests run against: `HUB_TEST_STORE=postgres` (set by `npm test`'s second run) or SQLite. */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.HUB_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A fresh store no other test sees. SQLite: a migrated file in its own temporary
 * folder. PostgreSQL: a database of its own on the test server, copied from the
 * template the global setup migrated once (CREATE DATABASE … TEMPLATE copies files,
 * far faster than running every migration per test), dropped by dispose().
 */
export async function createTestDatabase(options: { migrated?: boolean; /** Overrides the run's store (a SQLite source to copy from, say). */ store?: 'sqlite' | 'postgres' } = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-test-'));
  const path = join(dir, 'hub.sqlite');
  if ((options.store ?? TEST_STORE) === 'postgres') return createPostgresTestDatabase(dir, path, options.migrated ?? true);
  const config: DatabaseConfig = { kind: 'sqlite', path };
  const database = openDatabase(config);
  if (options.migrated ?? true) await migrate(database);
  return {
    ...database,
    path,
    dir,
    url: `sqlite:${path}`,
    config,
    dispose: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function serverUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('HUB_TEST_STORE=postgres needs TEST_POSTGRES_URL (the global setup sets it when it starts a cluster)');
  return url;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function createPostgresTestDatabase(dir: string, path: string, migrated: boolean): Promise<TestDatabase> {
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const template = migrated ? process.env.HUB_TEST_PG_TEMPLATE : 'template0';
  if (!template) throw new Error('HUB_TEST_PG_TEMPLATE is not set: run the PostgreSQL tests through the global setup (npm test)');
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const config: DatabaseConfig = { kind: 'postgres', url: url.toString(), poolSize: 5 };
  const database = openDatabase(config);
  return {
    ...database,
    path,
    dir,
    url: config.url,
    config,
    dispose: async () => {
      await database.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
