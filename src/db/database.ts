import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DatabaseConfig } from '../config/config.ts';
import { HubError } from '../core/errors.ts';
import type { DB } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly?: boolean;
  /** How long a writer waits for another process's write lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/**
 * Opens the store. SQLite runs in WAL mode so the server's reads never wait for
 * the sync worker's writes (they live in different processes, each with its own
 * connection), with a busy timeout so short write overlaps queue instead of failing.
 */
export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Database {
  if (config.kind !== 'sqlite') {
    throw new HubError(500, 'unsupported_database', 'PostgreSQL is not supported by this version of the hub yet');
  }
  if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
  const sqlite = new SQLite(config.path, { readonly: options.readonly ?? false });
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  if (!options.readonly) {
    sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can
    // lose the last transactions, and sync re-fetches them from its watermark.
    sqlite.pragma('synchronous = NORMAL');
  }
  sqlite.pragma('foreign_keys = ON');
  // A million items outgrow SQLite's default 2 MB page cache: scattered key lookups
  // (list pages, link joins) then hit the file for every row. 64 MB of cache and a
  // memory-mapped file keep them in memory.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 268435456');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: 'sqlite',
    close: () => db.destroy(),
  };
}
