import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';
import { dependencyOrder, resetSequences, storeLayout, type Store, type TableLayout } from './store-layout.ts';

export interface CopyOptions {
  /** Empty a target that already holds rows instead of refusing it. */
  force?: boolean;
  /** Rows per read and per insert (bounded further by the statement's parameter limit). */
  batchRows?: number;
  onTable?: (table: string, rows: number, ms: number) => void;
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export interface CopyReport {
  tables: TableCount[];
  rows: number;
  sequencesReset: number;
}

export class CopyRefused extends Error {}

// SQLite allows 32766 bound parameters per statement, PostgreSQL 65535.
const MAX_PARAMETERS = 30_000;

async function count(store: Store, table: string): Promise<number> {
  const row = (await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.id(table)}`.execute(store.db)).rows[0];
  return Number(row?.n ?? 0);
}

async function appliedMigrations(db: Kysely<DB>): Promise<string[]> {
  const res = await sql<{ name: string }>`SELECT name FROM hub_migrations ORDER BY name`.execute(db);
  return res.rows.map((r) => r.name);
}

/** One batch of rows after `after` (the previous batch's last key), in key order. */
async function readBatch(store: Store, t: TableLayout, columns: string[], after: unknown[] | null, offset: number, limit: number): Promise<Record<string, unknown>[]> {
  const cols = sql.join(columns.map((c) => sql.id(c)));
  // A table without a primary key is read by offset, in the order of all its columns.
  const order = sql.join((t.key.length ? t.key : columns).map((c) => sql.id(c)));
  const keyed = t.key.length > 0;
  const where = keyed && after ? sql`WHERE (${sql.join(t.key.map((c) => sql.id(c)))}) > (${sql.join(after)})` : sql``;
  const skip = keyed ? sql`` : sql`OFFSET ${offset}`;
  return (await sql<Record<string, unknown>>`SELECT ${cols} FROM ${sql.id(t.name)} ${where} ORDER BY ${order} LIMIT ${limit} ${skip}`.execute(store.db)).rows;
}

async function copyTable(source: Store, target: Store, t: TableLayout, columns: string[], batchRows: number): Promise<number> {
  const limit = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / columns.length)));
  let after: unknown[] | null = null;
  let copied = 0;
  for (;;) {
    const batch = await readBatch(source, t, columns, after, copied, limit);
    if (batch.length === 0) return copied;
    const values = sql.join(batch.map((r) => sql`(${sql.join(columns.map((c) => r[c] ?? null))})`));
    await sql`INSERT INTO ${sql.id(t.name)} (${sql.join(columns.map((c) => sql.id(c)))}) VALUES ${values}`.execute(target.db);
    copied += batch.length;
    const last = batch[batch.length - 1]!;
    after = t.key.map((c) => last[c]);
    if (batch.length < limit) return copied;
  }
}

/**
 * Copies every table of `source` into `target` (any pair of SQLite and
 * PostgreSQL stores), in one transaction on the target: referenced tables
 * first, each in key order and in batches, so memory stays bounded whatever
 * the store's size. Both stores must be at the same migration (the caller
 * migrates the target). Columns are copied by name, those both stores hold;
 * search indexes rebuild themselves from the copied items. Then PostgreSQL's
 * sequences are moved past the copied ids and every table's rows are counted
 * on both sides.
 */
export async function copyStore(source: Database, target: Database, options: CopyOptions = {}): Promise<CopyReport> {
  const [from, to] = [await appliedMigrations(source.db), await appliedMigrations(target.db)];
  if (from.join() !== to.join()) {
    throw new CopyRefused(`the stores are at different migrations (source: ${from.at(-1) ?? 'none'}, target: ${to.at(-1) ?? 'none'}); run \`npm run hub -- migrate\` against the source first`);
  }
  const sourceTables = new Map((await storeLayout(source)).map((t) => [t.name, t]));
  const targetTables = dependencyOrder(await storeLayout(target));
  const missing = [...sourceTables.keys()].filter((n) => !targetTables.some((t) => t.name === n));
  if (missing.length) throw new CopyRefused(`the target has no table ${missing.join(', ')}`);
  const occupied: string[] = [];
  for (const t of targetTables) if ((await count(target, t.name)) > 0) occupied.push(t.name);
  if (occupied.length && !options.force) throw new CopyRefused(`the target already holds data (${occupied.slice(0, 5).join(', ')}${occupied.length > 5 ? ', …' : ''}); pass --force to replace it`);

  let sequencesReset = 0;
  let rows = 0;
  await target.db.transaction().execute(async (trx) => {
    const into: Store = { db: trx, dialect: target.dialect };
    // Emptied in reverse dependency order, so no row is deleted before the rows that reference it.
    for (const t of [...targetTables].reverse()) if (occupied.includes(t.name)) await sql`DELETE FROM ${sql.id(t.name)}`.execute(trx);
    for (const t of targetTables) {
      const src = sourceTables.get(t.name);
      if (!src) continue;
      const columns = t.columns.filter((c) => src.columns.includes(c));
      const started = performance.now();
      const n = await copyTable(source, into, { ...src, key: src.key.filter((c) => columns.includes(c)) }, columns, options.batchRows ?? 1000);
      rows += n;
      options.onTable?.(t.name, n, Math.round(performance.now() - started));
    }
    sequencesReset = await resetSequences(into);
  });
  const tables: TableCount[] = [];
  for (const t of targetTables) tables.push({ table: t.name, source: sourceTables.has(t.name) ? await count(source, t.name) : 0, target: await count(target, t.name) });
  return { tables, rows, sequencesReset };
}
