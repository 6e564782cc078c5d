import { PostgresAdapter, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Dialect } from './database.ts';

/**
 * The few SQL expressions the hub writes by hand that SQLite and PostgreSQL
 * spell differently, behind one function each. Query files call these instead
 * of branching themselves, so every dialect difference of the plain queries is
 * listed here (full-text search has its own: search-dialect.ts).
 *
 * The dialect is read from the Kysely instance (its adapter), so the queries'
 * signatures stay `(db, …)` whichever store they run on.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: migrations and queries both ask
type Db = Kysely<any> | Transaction<any>;

export function dialectOf(db: Db): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * A table of ids with one column, `value`, from a JSON array passed as ONE
 * parameter (a list of thousands would otherwise exceed SQLite's 32k-parameter
 * limit, and vary the statement text by length). Use as `FROM ${idTable(db, ids)} AS w`.
 */
export function idTable(db: Db, ids: readonly number[]): RawBuilder<unknown> {
  const json = JSON.stringify(ids);
  return dialectOf(db) === 'postgres'
    ? sql`(SELECT value::bigint AS value FROM json_array_elements_text(${json}::json))`
    : sql`(SELECT value FROM json_each(${json}))`;
}

/** Rows `(k, n)` from a JSON array of `[text, integer]` pairs, one parameter. */
export function pairTable(db: Db, pairs: readonly (readonly [string, number])[]): RawBuilder<unknown> {
  const json = JSON.stringify(pairs);
  return dialectOf(db) === 'postgres'
    ? sql`(SELECT value->>0 AS k, (value->>1)::integer AS n FROM json_array_elements(${json}::json))`
    : sql`(SELECT json_extract(value, '$[0]') AS k, json_extract(value, '$[1]') AS n FROM json_each(${json}))`;
}

/**
 * A table `v` of rows given as ONE JSON parameter (an array of objects), with
 * the named columns of the given types: the rows of one `UPDATE … FROM` that
 * sets each row its own values in one statement. PostgreSQL reads it with
 * `json_to_recordset`, SQLite with `json_each`. Use as `FROM ${recordTable(…)}`.
 */
export function recordTable(db: Db, rows: readonly Record<string, unknown>[], columns: Readonly<Record<string, 'bigint' | 'integer' | 'text'>>): RawBuilder<unknown> {
  const json = JSON.stringify(rows);
  const names = Object.keys(columns);
  if (dialectOf(db) === 'postgres') return sql`json_to_recordset(${json}::json) AS v(${sql.raw(names.map((c) => `${c} ${columns[c]}`).join(', '))})`;
  return sql`(SELECT ${sql.raw(names.map((c) => `json_extract(value, '$.${c}') AS ${c}`).join(', '))} FROM json_each(${json})) AS v`;
}

/** True when the JSON array of strings in `column` holds `value` (compared lower-cased). */
export function jsonArrayHasLower(db: Db, column: RawBuilder<unknown>, value: string): RawBuilder<boolean> {
  return dialectOf(db) === 'postgres'
    ? sql<boolean>`EXISTS (SELECT 1 FROM json_array_elements_text(${column}::json) a WHERE lower(a.value) = ${value})`
    : sql<boolean>`EXISTS (SELECT 1 FROM json_each(${column}) a WHERE lower(a.value) = ${value})`;
}

/** A text value at a JSON path (`$.a.b`) of a text column; null when absent. Compared as text or cast by the caller. */
export function jsonText(db: Db, column: RawBuilder<unknown>, path: string): RawBuilder<string | null> {
  if (dialectOf(db) === 'sqlite') return sql<string | null>`json_extract(${column}, ${sql.lit(path)})`;
  const parts = path.replace(/^\$\.?/, '').split('.').filter(Boolean);
  return sql<string | null>`(${column}::jsonb #>> ${sql.lit(`{${parts.join(',')}}`)})`;
}

/** The larger / smaller of two values (SQLite's scalar max/min, PostgreSQL's greatest/least). */
export function greatest(db: Db, a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<number> {
  return dialectOf(db) === 'postgres' ? sql<number>`greatest(${a}, ${b})` : sql<number>`max(${a}, ${b})`;
}
export function least(db: Db, a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<number> {
  return dialectOf(db) === 'postgres' ? sql<number>`least(${a}, ${b})` : sql<number>`min(${a}, ${b})`;
}

/**
 * The sum as text for a version string: SQLite's total() (a float, "0.0" for no
 * rows) is kept byte for byte on SQLite so existing ETags do not change;
 * PostgreSQL sums to the same value.
 */
export function sumForVersion(db: Db, expr: RawBuilder<unknown>): RawBuilder<string> {
  return dialectOf(db) === 'postgres' ? sql<string>`coalesce(sum(${expr}), 0)::text` : sql<string>`total(${expr})`;
}

/** Values joined with a separator, in the order of the rows (group_concat / string_agg). */
export function joinText(db: Db, expr: RawBuilder<unknown>, separator: string): RawBuilder<string | null> {
  return dialectOf(db) === 'postgres' ? sql<string | null>`string_agg((${expr})::text, ${sql.lit(separator)})` : sql<string | null>`group_concat(${expr}, ${sql.lit(separator)})`;
}

/**
 * At most `limit` rows of `table` matching `where` (which names the outer row),
 * joined as `alias`: "these rows, at most N" for a table without a single-column
 * key. SQLite: `JOIN t a ON a.rowid IN (SELECT rowid FROM t WHERE … LIMIT n)`,
 * which it runs as an index search per outer row. PostgreSQL plans the same form
 * with `ctid` as a join filter over every row of the table (a subplan per outer
 * row and table row, docs/store.md), so there it is a LATERAL subquery, planned
 * as an index scan per outer row.
 */
export function boundedJoin(db: Db, table: string, alias: string, where: RawBuilder<unknown>, limit: number): RawBuilder<unknown> {
  const [t, a] = [sql.raw(table), sql.raw(alias)];
  return dialectOf(db) === 'postgres'
    ? sql`JOIN LATERAL (SELECT * FROM ${t} WHERE ${where} LIMIT ${limit}) ${a} ON true`
    : sql`JOIN ${t} ${a} ON ${a}.rowid IN (SELECT rowid FROM ${t} WHERE ${where} LIMIT ${limit})`;
}

/**
 * SQLite's unary `+` before a column keeps its planner from using that column's
 * index for a residual check (docs/benchmarks.md). PostgreSQL's planner needs no
 * such hint (and `+` on text is an error there).
 */
export function noIndex(db: Db): RawBuilder<unknown> {
  return sql.raw(dialectOf(db) === 'postgres' ? '' : '+');
}

/**
 * A join whose order the planner must keep: SQLite reads `CROSS JOIN … ON` as
 * "left table drives"; PostgreSQL has no CROSS JOIN with ON (and plans the order
 * by cost), so it gets a plain JOIN.
 */
export function drivingJoin(db: Db): RawBuilder<unknown> {
  return sql.raw(dialectOf(db) === 'postgres' ? 'JOIN' : 'CROSS JOIN');
}
