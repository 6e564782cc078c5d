import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase, type SqliteDialectConfig } from 'kysely';
import type pg from 'pg';
import type { DatabaseConfig } from '../config/config.ts';
import { createPool, createPostgresDialect, waitForPostgres, type WaitOptions } from './postgres.ts';
import type { DB } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Kysely begins SQLite transactions with a plain (deferred) BEGIN. A deferred
 * transaction that reads and then writes fails at once with SQLITE_BUSY_SNAPSHOT
 * when another process committed in between (the busy timeout does not apply),
 * which is exactly what two writers (the worker's runners, a relink, a second
 * worker process) do. BEGIN IMMEDIATE takes the write lock up front and waits for
 * it under the busy timeout instead. Every transaction in the hub writes; reads
 * run outside transactions, so readers are never held up by this.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  private readonly sqlite: SQLite.Database;
  constructor(config: SqliteDialectConfig, sqlite: SQLite.Database) {
    super(config);
    this.sqlite = sqlite;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR,
  // SQLITE_NOMEM); a ROLLBACK then fails with "cannot rollback - no transaction is
  // active", and Kysely throws that instead of the error that explains the failure.
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.sqlite.inTransaction) return;
    await super.rollbackTransaction(connection);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  private readonly sqlite: SQLite.Database;
  private readonly driverConfig: SqliteDialectConfig;
  constructor(sqlite: SQLite.Database) {
    const config = { database: statementCache(sqlite, STATEMENT_CACHE_SIZE) };
    super(config);
    this.sqlite = sqlite;
    this.driverConfig = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.driverConfig, this.sqlite);
  }
}

// Distinct statements kept prepared per connection: the hub's queries vary by
// shape (IN lists of different lengths, batch sizes) far less than this.
const STATEMENT_CACHE_SIZE = 512;

/**
 * Kysely prepares every statement it runs; the same few hundred statement texts run
 * millions of times in a sync or under a busy API. Prepared statements are kept by
 * their SQL text, least recently used dropped first. Kysely only calls all() and
 * run() on them (no open iterators in the hub), so one statement is never busy
 * when it is handed out again.
 */
export function statementCache(sqlite: SQLite.Database, size: number): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (stmt) {
        cache.delete(text);
      } else {
        stmt = sqlite.prepare(text);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, stmt);
      return stmt;
    },
  };
}

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  /** PostgreSQL only: the pool behind `db`, for what Kysely does not wrap (LISTEN, a reachability check). */
  readonly pool?: pg.Pool;
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
  if (config.kind === 'postgres') return openPostgres(config);
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
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect(sqlite) });
  return {
    db,
    dialect: 'sqlite',
    close: () => db.destroy(),
  };
}

/**
 * PostgreSQL: a pool of connections (opened lazily, so this returns at once).
 * `readonly` and `busyTimeoutMs` are SQLite's concerns: PostgreSQL's MVCC keeps
 * readers and writers apart, and row locks wait under the statement timeout.
 */
function openPostgres(config: Extract<DatabaseConfig, { kind: 'postgres' }>): Database {
  const pool = createPool(config);
  const db = new Kysely<DB>({ dialect: createPostgresDialect(pool) });
  return { db, dialect: 'postgres', pool, close: () => db.destroy() };
}

/**
 * Opens the store and, for PostgreSQL, waits until it answers (bounded retries
 * while it is still starting, each logged), so a process that starts before its
 * database fails with one clear message instead of on its first query.
 */
export async function connectDatabase(config: DatabaseConfig, options: OpenOptions & WaitOptions = {}): Promise<Database> {
  const database = openDatabase(config, options);
  if (database.pool && config.kind === 'postgres') {
    try {
      await waitForPostgres(database.pool, config.url, { attempts: config.connectAttempts, ...options });
    } catch (err) {
      await database.close();
      throw err;
    }
  }
  return database;
}
