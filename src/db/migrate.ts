import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { HubError } from '../core/errors.ts';
import type { Database, Dialect } from './database.ts';

// Kysely's Migrator would do, but under SQLite it opens a deferred transaction:
// two processes starting together both read the migration table, then one fails
// with SQLITE_BUSY when it upgrades to a write lock (deferred transactions skip
// the busy handler to avoid deadlock). Taking the write lock first with
// BEGIN IMMEDIATE makes the second process wait and then find nothing to do.

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.ts$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was when written
export type MigrationUp = (db: Kysely<any>, dialect: Dialect) => Promise<void>;
export interface Migration {
  name: string;
  up: MigrationUp;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/** Lists the migration files, refusing gaps and duplicates in the numbering. */
export function listMigrationFiles(dir = MIGRATIONS_DIR): string[] {
  const files = readdirSync(dir)
    .filter((f) => FILE_PATTERN.test(f) && !f.includes('.test.'))
    .sort();
  files.forEach((file, i) => {
    const n = Number(FILE_PATTERN.exec(file)![1]);
    if (n !== i + 1) {
      throw new HubError(500, 'migration_order', `migration files must be numbered 0001, 0002, … without gaps; found ${file} at position ${i + 1}`);
    }
  });
  return files;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const out: Migration[] = [];
  for (const file of listMigrationFiles(dir)) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { up?: MigrationUp };
    if (typeof mod.up !== 'function') throw new HubError(500, 'migration_invalid', `${file} exports no up()`);
    out.push({ name: file.replace(/\.ts$/, ''), up: mod.up });
  }
  return out;
}

/**
 * Applies pending migrations, forward only, under the database's write lock.
 * Refuses a database that has a migration this code does not know, or that
 * skipped one that comes before an applied one (out of order).
 */
export async function migrate(
  database: Database,
  options: { migrations?: Migration[]; onApplied?: (name: string, ms: number) => void } = {},
): Promise<MigrationReport> {
  const migrations = options.migrations ?? (await loadMigrations());
  const { db, dialect } = database;
  return db.connection().execute(async (conn) => {
    await sql`CREATE TABLE IF NOT EXISTS hub_migrations (name text PRIMARY KEY, applied_at text NOT NULL)`.execute(conn);
    await sql.raw(dialect === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN').execute(conn);
    try {
      if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(7474001)`.execute(conn);
      const rows = await conn.selectFrom('hub_migrations').select('name').orderBy('name').execute();
      const applied = rows.map((r) => r.name);
      const known = migrations.map((m) => m.name);
      const unknown = applied.filter((name) => !known.includes(name));
      if (unknown.length > 0) {
        throw new HubError(500, 'migration_unknown', `the database has migrations this version does not know (${unknown.join(', ')}): it was migrated by a newer hub`);
      }
      applied.forEach((name, i) => {
        if (known[i] !== name) {
          throw new HubError(500, 'migration_order', `migration ${known[i]} was added before already-applied ${name}; migrations are forward-only, add a new file instead`);
        }
      });
      const done: string[] = [];
      for (const m of migrations.slice(applied.length)) {
        const started = performance.now();
        await m.up(conn, dialect);
        await conn.insertInto('hub_migrations').values({ name: m.name, applied_at: new Date().toISOString() }).execute();
        done.push(m.name);
        options.onApplied?.(m.name, Math.round(performance.now() - started));
      }
      await sql`COMMIT`.execute(conn);
      return { applied: done, alreadyApplied: applied.length };
    } catch (err) {
      await sql`ROLLBACK`.execute(conn);
      throw err;
    }
  });
}
