import { sql } from 'kysely';
import type { Database } from './database.ts';

/** What the layout queries need: a connection (or a transaction on one) and its dialect. */
export type Store = Pick<Database, 'db' | 'dialect'>;

/** One table as copy-store sees it: the columns it writes, its key, and the tables it references. */
export interface TableLayout {
  name: string;
  /** Stored columns (generated ones are left to the target to compute). */
  columns: string[];
  /** Primary-key columns in key order; empty when the table has none. */
  key: string[];
  /** Tables this one references by foreign key (itself excluded). */
  references: string[];
}

// The migration ledger is written by migrate(), not copied; search indexes are
// derived from the items (SQLite's FTS5 tables by trigger, PostgreSQL's tsvector
// column by generation), so each store builds its own. So is the search index's
// version (search_text_versions, counted by triggers as the copied items arrive):
// it only has to move when the text does, in the store it counts for.
const NOT_COPIED = new Set(['hub_migrations', 'items_search', 'search_text_versions']);

interface Row {
  [column: string]: unknown;
}

async function rows<T = Row>(database: Store, query: ReturnType<typeof sql>): Promise<T[]> {
  return (await query.execute(database.db)).rows as T[];
}

async function sqliteLayout(database: Store): Promise<TableLayout[]> {
  const all = await rows<{ name: string; sql: string | null }>(database, sql`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? '')).map((t) => t.name);
  // FTS5 keeps its index in shadow tables named after the virtual table.
  const derived = (name: string) => virtual.some((v) => name === v || name.startsWith(`${v}_`));
  const out: TableLayout[] = [];
  for (const { name } of all) {
    if (NOT_COPIED.has(name) || derived(name)) continue;
    // table_xinfo's hidden is 2 or 3 for generated columns.
    const cols = await rows<{ name: string; pk: number; hidden: number }>(database, sql`SELECT name, pk, hidden FROM pragma_table_xinfo(${name}) ORDER BY cid`);
    const fks = await rows<{ table: string }>(database, sql`SELECT DISTINCT "table" FROM pragma_foreign_key_list(${name})`);
    out.push({
      name,
      columns: cols.filter((c) => c.hidden === 0).map((c) => c.name),
      key: cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      references: fks.map((f) => f.table).filter((t) => t !== name),
    });
  }
  return out;
}

async function postgresLayout(database: Store): Promise<TableLayout[]> {
  const tables = await rows<{ name: string }>(database, sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`);
  const out: TableLayout[] = [];
  for (const { name } of tables) {
    if (NOT_COPIED.has(name)) continue;
    const cols = await rows<{ name: string }>(database, sql`
      SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${name} AND is_generated = 'NEVER' ORDER BY ordinal_position`);
    const key = await rows<{ name: string }>(database, sql`
      SELECT a.attname AS name FROM pg_index i
      JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = to_regclass(quote_ident(${name})) AND i.indisprimary ORDER BY k.n`);
    const fks = await rows<{ name: string }>(database, sql`
      SELECT DISTINCT confrelid::regclass::text AS name FROM pg_constraint
      WHERE contype = 'f' AND conrelid = to_regclass(quote_ident(${name}))`);
    out.push({ name, columns: cols.map((c) => c.name), key: key.map((k) => k.name), references: fks.map((f) => f.name.replace(/^"|"$/g, '')).filter((t) => t !== name) });
  }
  return out;
}

/** The store's tables that copy-store moves, each with its columns, key and references. */
export function storeLayout(database: Store): Promise<TableLayout[]> {
  return database.dialect === 'sqlite' ? sqliteLayout(database) : postgresLayout(database);
}

/**
 * Tables ordered so that every table comes after the tables it references
 * (referenced rows are written first, deleted last). Ties keep name order, so
 * the order is the same on every run.
 */
export function dependencyOrder(tables: readonly TableLayout[]): TableLayout[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: TableLayout[] = [];
  const visit = (t: TableLayout) => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) throw new Error(`foreign keys form a cycle through ${t.name}`);
    visiting.add(t.name);
    for (const r of t.references) {
      const ref = byName.get(r);
      if (ref) visit(ref);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => (a.name < b.name ? -1 : 1))) visit(t);
  return out;
}

/**
 * After rows were written with their ids, PostgreSQL's sequences still stand
 * where they were: the next insert would reuse id 1. Each serial or identity
 * column's sequence moves past the largest id (SQLite keeps AUTOINCREMENT
 * counters itself as rows are written).
 */
export async function resetSequences(database: Store): Promise<number> {
  if (database.dialect !== 'postgres') return 0;
  const serials = await rows<{ table_name: string; column_name: string }>(database, sql`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')`);
  for (const s of serials) {
    await sql`SELECT setval(pg_get_serial_sequence(${sql.lit(`"${s.table_name}"`)}, ${s.column_name}), coalesce((SELECT max(${sql.id(s.column_name)}) FROM ${sql.id(s.table_name)}), 0) + 1, false)`.execute(database.db);
  }
  return serials.length;
}
