import { rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';

export interface RawInsertBench {
  rows: number;
  /**
   * SQLite: plain better-sqlite3, one prepared multi-row INSERT per 500 rows
   * (the search index's triggers write out FTS5's pending terms once a statement,
   * so one INSERT a row would understate the limit several times over). PostgreSQL:
   * plain `pg`, one prepared multi-row INSERT per 1,000 rows. Both 1,000 rows a
   * transaction, the hub's schema and indexes.
   */
  with_search_index_items_per_s: number;
  /** The same with the search index's triggers dropped (those that keep the index and those that count its text's version). */
  without_search_index_items_per_s: number;
}

/**
 * The machine's limit for storing the rows a sync stored: the same rows (read back
 * from the synced store) inserted into fresh stores of the same schema with
 * nothing but a prepared statement, the reference the sync's rate is held to.
 */
/** Rows per INSERT in the SQLite reference: 500 × the table's 40 columns stays under SQLite's 32,766 bound parameters. */
const SQLITE_ROWS_PER_STATEMENT = 500;

export async function runRawInsertBench(storePath: string, scratchPath: string, maxRows = 100_000): Promise<RawInsertBench> {
  const source = new SQLite(storePath, { readonly: true });
  const cols = (source.prepare(`SELECT name FROM pragma_table_info('items')`).all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id');
  const rows = source.prepare(`SELECT ${cols.join(', ')} FROM items ORDER BY id LIMIT ?`).raw().all(maxRows) as unknown[][];
  const repoCols = (source.prepare(`SELECT name FROM pragma_table_info('repos')`).all() as { name: string }[]).map((c) => c.name);
  const repos = source.prepare(`SELECT ${repoCols.join(', ')} FROM repos`).raw().all() as unknown[][];
  source.close();
  const rate = async (dropFts: boolean): Promise<number> => {
    for (const s of ['', '-wal', '-shm']) rmSync(scratchPath + s, { force: true });
    const database = openDatabase({ kind: 'sqlite', path: scratchPath });
    await migrate(database);
    await database.close();
    const db = new SQLite(scratchPath);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    if (dropFts) for (const t of SQLITE_SEARCH_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
    const addRepo = db.prepare(`INSERT INTO repos (${repoCols.join(', ')}) VALUES (${repoCols.map(() => '?').join(', ')})`);
    for (const r of repos) addRepo.run(r);
    const row = `(${cols.map(() => '?').join(', ')})`;
    const statements = new Map<number, SQLite.Statement>();
    const insert = (part: unknown[][]) => {
      let statement = statements.get(part.length);
      if (!statement) statements.set(part.length, (statement = db.prepare(`INSERT INTO items (${cols.join(', ')}) VALUES ${Array<string>(part.length).fill(row).join(', ')}`)));
      statement.run(part.flat());
    };
    const batch = db.transaction((part: unknown[][]) => {
      for (let i = 0; i < part.length; i += SQLITE_ROWS_PER_STATEMENT) insert(part.slice(i, i + SQLITE_ROWS_PER_STATEMENT));
    });
    const started = performance.now();
    for (let i = 0; i < rows.length; i += 1000) batch(rows.slice(i, i + 1000));
    const seconds = (performance.now() - started) / 1000;
    db.close();
    for (const s of ['', '-wal', '-shm']) rmSync(scratchPath + s, { force: true });
    return Math.round(rows.length / seconds);
  };
  return { rows: rows.length, with_search_index_items_per_s: await rate(false), without_search_index_items_per_s: await rate(true) };
}

/** A fresh, empty database on the benchmark's PostgreSQL server, dropped by `drop`. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

// PostgreSQL's wire protocol numbers a statement's parameters with 16 bits.
const MAX_PARAMS = 65_535;

// Every trigger that exists for search: the index's own, and the text-version counts that
// kept rankings are keyed by (migration 0015).
const SQLITE_SEARCH_TRIGGERS = ['items_fts_insert', 'items_fts_update', 'items_fts_delete', 'items_text_version'];
const POSTGRES_SEARCH_TRIGGERS = ['items_search_insert', 'items_search_update', 'items_text_version', 'items_text_inserted'];

/**
 * The same reference on PostgreSQL: the first rows of the synced store read back
 * (every column as text, so each value goes back through its column's own input
 * function), inserted with plain `pg` into fresh databases migrated to the same
 * schema, with the search index's triggers and without. Each transaction holds
 * 1,000 rows sent as one prepared multi-row INSERT (split only where the
 * protocol's parameter limit requires), the cheapest form short of COPY.
 */
export async function runPostgresRawInsertBench(sourceUrl: string, scratch: () => Promise<ScratchDatabase>, maxRows = 100_000): Promise<RawInsertBench> {
  const source = new pg.Client({ connectionString: sourceUrl });
  await source.connect();
  const columns = async (table: string) =>
    (await source.query<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, [table])).rows.map((r) => r.c);
  const asText = (cols: string[]) => cols.map((c) => `${quote(c)}::text`).join(', ');
  let cols: string[];
  let rows: unknown[][];
  let repoCols: string[];
  let repos: unknown[][];
  try {
    cols = (await columns('items')).filter((c) => c !== 'id');
    rows = (await source.query<unknown[]>({ text: `SELECT ${asText(cols)} FROM items ORDER BY id LIMIT $1`, values: [maxRows], rowMode: 'array' })).rows;
    repoCols = await columns('repos');
    repos = (await source.query<unknown[]>({ text: `SELECT ${asText(repoCols)} FROM repos`, rowMode: 'array' })).rows;
  } finally {
    await source.end();
  }
  const rate = async (dropSearch: boolean): Promise<number> => {
    const target = await scratch();
    try {
      const database = openDatabase({ kind: 'postgres', url: target.url, poolSize: 1 });
      try {
        await migrate(database);
      } finally {
        await database.close();
      }
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      try {
        if (dropSearch) for (const t of POSTGRES_SEARCH_TRIGGERS) await client.query(`DROP TRIGGER IF EXISTS ${t} ON items`);
        await insertRows(client, 'repos', repoCols, repos);
        const started = performance.now();
        for (let i = 0; i < rows.length; i += 1000) {
          await client.query('BEGIN');
          await insertRows(client, 'items', cols, rows.slice(i, i + 1000));
          await client.query('COMMIT');
        }
        return Math.round(rows.length / ((performance.now() - started) / 1000));
      } finally {
        await client.end();
      }
    } finally {
      await target.drop();
    }
  };
  return { rows: rows.length, with_search_index_items_per_s: await rate(false), without_search_index_items_per_s: await rate(true) };
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Multi-row INSERTs, each prepared once per shape (table and row count) on this connection. */
async function insertRows(client: pg.Client, table: string, cols: string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    const values = part.map((_, r) => `(${cols.map((__, c) => `$${r * cols.length + c + 1}`).join(', ')})`).join(', ');
    await client.query({ name: `raw_${table}_${part.length}`, text: `INSERT INTO ${table} (${cols.map(quote).join(', ')}) VALUES ${values}`, values: part.flat() });
  }
}
