import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { drivingJoin } from './dialect.ts';
import { toFtsQuery } from './fts.ts';
import { markedText as markedRows, matchingIds, rankedWindow } from './search-dialect.ts';
import { loadRows, type ListRow } from './item-list.queries.ts';
import type { DB } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * How many matches one search ranks: the most recently stored ones. Ranking
 * (bm25) costs a few microseconds per match, so a word found in half of a
 * million items would otherwise cost seconds; with the window a search costs the
 * same whatever the store's size, and says when it was cut (`truncated`).
 */
export const SEARCH_WINDOW = 500;
/** Titles weigh more than bodies: a word in the title says more about the item. */
const TITLE_WEIGHT = 5.0;
const BODY_WEIGHT = 1.0;
// Private-use characters mark highlighted words: they cannot be confused with markup.
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

export interface SearchSpec {
  q: string;
  /** undefined: issues and pull requests. */
  isPull?: boolean;
  repoIds: readonly number[] | null;
  excludeRepoIds?: readonly number[];
  /** Items already shown another way (the item a `#189` query names). */
  excludeIds?: readonly number[];
  statuses?: readonly string[];
  limit: number;
  /** Continuation: the newest item id the first page saw, and how many results came before. */
  after: { snapshot: number; offset: number } | null;
  /** Overrides SEARCH_WINDOW (tests). */
  window?: number;
}

export interface SearchRow extends ListRow {
  rank: number;
  title_marked: string;
  body_marked: string;
}

export interface SearchResult {
  rows: SearchRow[];
  /** The newest item id the search saw: continuations pass it back. */
  snapshot: number;
  next: { snapshot: number; offset: number } | null;
  /** More items matched than the window ranks: narrow the query for the rest. */
  truncated: boolean;
}

/**
 * Full-text search over titles and bodies, best match first. The newest
 * SEARCH_WINDOW matches (by item id, below the snapshot the first page took) are
 * ranked; filters apply within them. Pages continue by offset within the same
 * snapshot, so items stored meanwhile neither shift nor repeat results.
 */
export async function searchItems(db: Db, spec: SearchSpec): Promise<SearchResult> {
  const match = toFtsQuery(spec.q);
  if (match === null) return { rows: [], snapshot: spec.after?.snapshot ?? 1, next: null, truncated: false };
  const window = spec.window ?? SEARCH_WINDOW;
  const snapshot = spec.after?.snapshot ?? (await maxItemId(db));
  const offset = spec.after?.offset ?? 0;

  const where: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (spec.isPull !== undefined) where.push(sql`i.is_pull = ${spec.isPull ? 1 : 0}`);
  if (spec.repoIds !== null) where.push(spec.repoIds.length ? sql`i.repo_id IN (${sql.join(spec.repoIds)})` : sql`1 = 0`);
  else if (spec.excludeRepoIds?.length) where.push(sql`i.repo_id NOT IN (${sql.join(spec.excludeRepoIds)})`);
  if (spec.statuses?.length) where.push(sql`i.status IN (${sql.join(spec.statuses)})`);
  if (spec.excludeIds?.length) where.push(sql`i.id NOT IN (${sql.join(spec.excludeIds)})`);

  const ranked = (
    await sql<{ id: number; rank: number; window_size: number }>`
      WITH w AS MATERIALIZED (${rankedWindow(db, match, snapshot, window, TITLE_WEIGHT, BODY_WEIGHT)})
      SELECT w.id, w.rank, (SELECT count(*) FROM w) AS window_size
      FROM w ${drivingJoin(db)} items i ON i.id = w.id
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY w.rank, w.id DESC
      LIMIT ${spec.limit + 1} OFFSET ${offset}`.execute(db)
  ).rows;
  const page = ranked.slice(0, spec.limit);
  const truncated = ranked.length > 0 ? ranked[0]!.window_size >= window : await windowIsFull(db, match, snapshot, window);

  const ids = page.map((r) => r.id);
  const marks = await markedText(db, match, ids);
  const rows = await loadRows(db, ids);
  const rankOf = new Map(page.map((r) => [r.id, r.rank]));
  return {
    rows: rows.map((r) => ({ ...r, rank: rankOf.get(r.id)!, title_marked: marks.get(r.id)?.title ?? r.title, body_marked: marks.get(r.id)?.body ?? '' })),
    snapshot,
    next: ranked.length > spec.limit ? { snapshot, offset: offset + spec.limit } : null,
    truncated,
  };
}

async function maxItemId(db: Db): Promise<number> {
  const row = (await sql<{ id: number | null }>`SELECT max(id) AS id FROM items`.execute(db)).rows[0];
  return row?.id ?? 0;
}

// Only asked when the filters left nothing on the page, to say whether narrowing could help.
async function windowIsFull(db: Db, match: string, snapshot: number, window: number): Promise<boolean> {
  const row = (
    await sql<{ n: number }>`SELECT count(*) AS n FROM (${matchingIds(db, match, window, snapshot)}) AS m`.execute(db)
  ).rows[0];
  return (row?.n ?? 0) >= window;
}

/** The title with every match marked, and the best passage of the body (about 24 words). */
async function markedText(db: Db, match: string, ids: readonly number[]): Promise<Map<number, { title: string; body: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await markedRows(db, match, ids, MARK_START, MARK_END);
  return new Map(rows.map((r) => [r.id, { title: r.title, body: r.body }]));
}

export interface NumberLookup {
  number: number;
  /** null: every active repository. */
  repoIds: readonly number[] | null;
  isPull?: boolean;
  statuses?: readonly string[];
  limit: number;
}

/**
 * The items numbered `number` (a search for `#189` or `owner/name#189`), heaviest
 * repository first: one (repo_id, number) key seek per repository in scope, so
 * the cost follows the number of tracked repositories, never their size.
 */
export async function itemsByNumber(db: Db, spec: NumberLookup): Promise<ListRow[]> {
  if (spec.repoIds?.length === 0) return [];
  const where: RawBuilder<unknown>[] = [spec.repoIds === null ? sql`r.active = 1` : sql`r.id IN (${sql.join(spec.repoIds)})`];
  if (spec.isPull !== undefined) where.push(sql`i.is_pull = ${spec.isPull ? 1 : 0}`);
  if (spec.statuses?.length) where.push(sql`i.status IN (${sql.join(spec.statuses)})`);
  // CROSS JOIN keeps repositories driving: each is one seek into the (repo_id, number) key.
  const ids = (
    await sql<{ id: number }>`
      SELECT i.id FROM repos r ${drivingJoin(db)} items i ON i.repo_id = r.id AND i.number = ${spec.number}
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY r.weight DESC, r.name_key LIMIT ${spec.limit}`.execute(db)
  ).rows.map((r) => r.id);
  return loadRows(db, ids);
}
