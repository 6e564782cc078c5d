import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { dialectOf, idTable } from './dialect.ts';
import type { DB } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Full-text search, the one concern whose SQL differs most between the stores.
 * SQLite: the FTS5 table items_fts (bm25 ranking, highlight(), snippet()).
 * PostgreSQL: items_search's tsvector under a GIN index, websearch_to_tsquery,
 * ts_rank and ts_headline. Both take the query text toFtsQuery() makes: every
 * word or phrase double-quoted, all required, which websearch_to_tsquery reads
 * the same way (quoted words are phrases, never operators).
 *
 * Ranks are "lower is better" on both (bm25 is negative; PostgreSQL's ts_rank is
 * negated), so callers order by rank ascending either way.
 */

const TS_CONFIG = sql.lit('hub_search');
const tsQuery = (match: string) => sql`websearch_to_tsquery(${TS_CONFIG}, ${match})`;

/** Title words weigh 5 to a body word's 1, as the SQLite path's bm25 weights. Order: {D, C, B, A}. */
const TS_WEIGHTS = sql.lit('{0.2, 0.2, 0.2, 1.0}');

/** The newest `window` matches at or below `snapshot`, by id descending, each with its rank. */
export function rankedWindow(db: Db, match: string, snapshot: number, window: number, titleWeight: number, bodyWeight: number): RawBuilder<unknown> {
  if (dialectOf(db) === 'postgres') {
    return sql`SELECT s.id AS id, -ts_rank(${TS_WEIGHTS}::float4[], s.search, ${tsQuery(match)}) AS rank FROM items_search s
        WHERE s.search @@ ${tsQuery(match)} AND s.id <= ${snapshot}
        ORDER BY s.id DESC LIMIT ${window}`;
  }
  return sql`SELECT rowid AS id, bm25(items_fts, ${titleWeight}, ${bodyWeight}) AS rank FROM items_fts
        WHERE items_fts MATCH ${match} AND rowid <= ${snapshot}
        ORDER BY rowid DESC LIMIT ${window}`;
}

/** Ids of items matching, at most `limit` (no order), optionally at or below `snapshot`. */
export function matchingIds(db: Db, match: string, limit: number, snapshot?: number): RawBuilder<{ id: number }> {
  if (dialectOf(db) === 'postgres') {
    const below = snapshot === undefined ? sql`` : sql`AND id <= ${snapshot}`;
    return sql<{ id: number }>`SELECT id FROM items_search WHERE search @@ ${tsQuery(match)} ${below} LIMIT ${limit}`;
  }
  const below = snapshot === undefined ? sql`` : sql`AND rowid <= ${snapshot}`;
  return sql<{ id: number }>`SELECT rowid AS id FROM items_fts WHERE items_fts MATCH ${match} ${below} LIMIT ${limit}`;
}

/** A row check: the item `alias.id` matches (one index seek per row on both stores). */
export function rowMatches(db: Db, alias: string, match: string): RawBuilder<boolean> {
  const id = sql.ref(`${alias}.id`);
  if (dialectOf(db) === 'postgres') return sql<boolean>`EXISTS (SELECT 1 FROM items_search s WHERE s.id = ${id} AND s.search @@ ${tsQuery(match)})`;
  return sql<boolean>`EXISTS (SELECT 1 FROM items_fts WHERE items_fts MATCH ${match} AND items_fts.rowid = ${id})`;
}

const LT = '\uE002';
const AMP = '\uE003';

export interface MarkedText {
  id: number;
  title: string;
  body: string;
}

/** The title with every match marked, and the best passage of the body (about 24 words), for the given items. */
export async function markedText(db: Db, match: string, ids: readonly number[], start: string, end: string): Promise<MarkedText[]> {
  if (dialectOf(db) === 'sqlite') {
    const res = await sql<MarkedText>`
      SELECT rowid AS id, highlight(items_fts, 0, ${start}, ${end}) AS title,
        snippet(items_fts, 1, ${start}, ${end}, '…', 24) AS body
      FROM items_fts WHERE items_fts MATCH ${match} AND rowid IN (SELECT value FROM ${idTable(db, ids)} AS w)`.execute(db);
    return res.rows;
  }
  const all = sql.lit(`StartSel=${start}, StopSel=${end}, HighlightAll=true`);
  const passage = sql.lit(`StartSel=${start}, StopSel=${end}, MaxWords=24, MinWords=12, MaxFragments=1, FragmentDelimiter=…`);
  // ts_headline's parser reads `<…>` as markup and `&…;` as entities and drops them from
  // its output; the hub shows text as text, so both are disguised as private-use
  // characters for the call and restored after (search words never contain them).
  const hide = (col: RawBuilder<unknown>) => sql`replace(replace(${col}, '<', ${LT}), '&', ${AMP})`;
  const res = await sql<MarkedText & { full: string }>`
    SELECT i.id, ts_headline(${TS_CONFIG}, ${hide(sql`i.title`)}, ${tsQuery(match)}, ${all}) AS title,
      ts_headline(${TS_CONFIG}, ${hide(sql`coalesce(i.body, '')`)}, ${tsQuery(match)}, ${passage}) AS body, coalesce(i.body, '') AS full
    FROM items i WHERE i.id IN (SELECT value FROM ${idTable(db, ids)} AS w)`.execute(db);
  const show = (s: string) => s.replaceAll(LT, '<').replaceAll(AMP, '&');
  return res.rows.map((r) => ({ id: r.id, title: show(r.title), body: withEllipses(show(r.body), r.full, start, end) }));
}

/**
 * ts_headline returns the passage alone; SQLite's snippet() marks text cut at
 * either end with `…`. The same marks are added here, so the page shows one shape.
 */
export function withEllipses(passage: string, full: string, start: string, end: string): string {
  const plain = passage.replaceAll(start, '').replaceAll(end, '').trim();
  if (plain.length === 0) return passage;
  const before = full.trimStart().startsWith(plain) ? '' : '…';
  const after = full.trimEnd().endsWith(plain) ? '' : '…';
  return `${before}${passage.trim()}${after}`;
}

/** Incremental FTS5 merge work (SQLite); PostgreSQL's GIN index maintains itself (autovacuum cleans its pending list). */
export async function mergeIndex(db: Db, pages: number): Promise<void> {
  if (dialectOf(db) === 'postgres') return;
  await sql`INSERT INTO items_fts(items_fts, rank) VALUES ('merge', ${pages})`.execute(db);
}
