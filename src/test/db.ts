import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';

export interface TestDatabase extends Database {
  path: string;
  dir: string;
  /** Closes the database and deletes its files. */
  dispose(): Promise<void>;
}

/** A fresh, migrated SQLite file in its own temporary folder: no test sees another's rows. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-test-'));
  const path = join(dir, 'hub.sqlite');
  const database = openDatabase({ kind: 'sqlite', path });
  if (options.migrated ?? true) await migrate(database);
  return {
    ...database,
    path,
    dir,
    dispose: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
