import { rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';

export interface RawInsertBench {
  rows: number;
  /** Plain better-sqlite3: one prepared INSERT, 1,000 rows a transaction, the hub's schema and indexes. */
  with_search_index_items_per_s: number;
  /** The same with the search index's triggers dropped. */
  without_search_index_items_per_s: number;
}

/**
 * The machine's limit for storing the rows a sync stored: the same rows (read back
 * from the synced store) inserted into fresh stores of the same schema with
 * nothing but a prepared statement, the reference the sync's rate is held to.
 */
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
    if (dropFts) for (const t of ['items_fts_insert', 'items_fts_update', 'items_fts_delete']) db.exec(`DROP TRIGGER IF EXISTS ${t}`);
    const addRepo = db.prepare(`INSERT INTO repos (${repoCols.join(', ')}) VALUES (${repoCols.map(() => '?').join(', ')})`);
    for (const r of repos) addRepo.run(r);
    const insert = db.prepare(`INSERT INTO items (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    const batch = db.transaction((part: unknown[][]) => {
      for (const r of part) insert.run(r);
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
