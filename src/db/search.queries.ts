import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { LRUCache } from 'lru-cache';
import { drivingJoin, idTable } from './dialect.ts';
import { toFtsQuery } from './fts.ts';
import { markedText as markedRows, rankedWindow } from './search-dialect.ts';
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
 * Ranked windows kept by the version of the search index's content (one cache per
 * search thread, or per server when searches run inline). Ranking is most of a
 * search's cost (bm25 reads the whole index's counts for each word: 5 to 20 ms for
 * a common word at a million items), and its only inputs are the indexed text,
 * while what moves during a sync or a relink is mostly links, counts and states.
 * Every such commit moves the versions the answers are kept by (search.routes.ts),
 * and before this each one made every search rank again. A window is a function of
 * the text version, the query, the window's size and the snapshot alone; the
 * filters, the page and its rows are read on every call, so a kept window never
 * shows a stale state, count or scope. Highlights depend on the text alone too, and
 * are kept with their window as pages ask for them.
 */
export class SearchWindows {
  private readonly windows: LRUCache<string, RankedWindow, () => Promise<RankedWindow>>;
  /** Windows ranked, and searches that used one kept or being ranked for another. */
  ranked = 0;
  reused = 0;

  constructor(max = 256) {
    // fetch() ranks once however many searches for a window arrive while it is being ranked
    // (the inline path awaits the store between them); a failed ranking is not kept.
    this.windows = new LRUCache<string, RankedWindow, () => Promise<RankedWindow>>({
      max,
      fetchMethod: (_key, _stale, { context: rank }) => {
        this.ranked++;
        return rank();
      },
    });
  }

  async get(key: string, rank: () => Promise<RankedWindow>): Promise<RankedWindow> {
    const status: LRUCache.Status<string, RankedWindow, () => Promise<RankedWindow>> = {};
    const window = await this.windows.fetch(key, { context: rank, status });
    if (status.fetch === 'hit' || status.fetch === 'inflight') this.reused++;
    // fetchMethod always returns a window or throws, so fetch gives one.
    return window!;
  }
}

/** The newest matches at or below a snapshot, best first, with their ranks and the highlights read so far. */
interface RankedWindow {
  ids: number[];
  ranks: Map<number, number>;
  marks: Map<number, { title: string; body: string }>;
}

/**
 * The version of the indexed text: the newest item id, and the title and body
 * changes the triggers of migration 0015 count (inserts too on PostgreSQL).
 * One index seek and a sum over a row per repository.
 */
export async function searchTextVersion(db: Db): Promise<{ newestId: number; version: string }> {
  const row = (
    await sql<{ m: number | null; v: number | string | null }>`
      SELECT (SELECT max(id) FROM items) AS m, (SELECT sum(version) FROM search_text_versions) AS v`.execute(db)
  ).rows[0];
  const newestId = Number(row?.m ?? 0);
  return { newestId, version: `${newestId}.${row?.v ?? 0}` };
}

/**
 * Full-text search over titles and bodies, best match first. The newest
 * SEARCH_WINDOW matches (by item id, below the snapshot the first page took) are
 * ranked; filters apply within them. Pages continue by offset within the same
 * snapshot, so items stored meanwhile neither shift nor repeat results. Given
 * `windows`, a window ranked at the current text version is reused.
 */
export async function searchItems(db: Db, spec: SearchSpec, windows?: SearchWindows): Promise<SearchResult> {
  const match = toFtsQuery(spec.q);
  if (match === null) return { rows: [], snapshot: spec.after?.snapshot ?? 1, next: null, truncated: false };
  const size = spec.window ?? SEARCH_WINDOW;
  // The version first: a window ranked after it is never older than the key it is kept under.
  const text = await searchTextVersion(db);
  const snapshot = spec.after?.snapshot ?? text.newestId;
  const offset = spec.after?.offset ?? 0;
  const rank = () => rankWindow(db, match, snapshot, size);
  const window = windows ? await windows.get(`${text.version}\n${size}\n${snapshot}\n${match}`, rank) : await rank();

  const passing = await filtered(db, window.ids, spec);
  const ordered = window.ids.filter((id) => passing.has(id));
  const ids = ordered.slice(offset, offset + spec.limit);
  const unmarked = ids.filter((id) => !window.marks.has(id));
  for (const [id, marks] of await markedText(db, match, unmarked)) window.marks.set(id, marks);
  const rows = await loadRows(db, ids);
  return {
    rows: rows.map((r) => ({ ...r, rank: window.ranks.get(r.id)!, title_marked: window.marks.get(r.id)?.title ?? r.title, body_marked: window.marks.get(r.id)?.body ?? '' })),
    snapshot,
    next: ordered.length > offset + spec.limit ? { snapshot, offset: offset + spec.limit } : null,
    // The window holds every match at or below the snapshot unless it is full.
    truncated: window.ids.length >= size,
  };
}

async function rankWindow(db: Db, match: string, snapshot: number, size: number): Promise<RankedWindow> {
  const rows = (
    await sql<{ id: number; rank: number }>`
      SELECT w.id, w.rank FROM (${rankedWindow(db, match, snapshot, size, TITLE_WEIGHT, BODY_WEIGHT)}) AS w
      ORDER BY w.rank, w.id DESC`.execute(db)
  ).rows;
  return { ids: rows.map((r) => Number(r.id)), ranks: new Map(rows.map((r) => [Number(r.id), Number(r.rank)])), marks: new Map() };
}

/** Which of a window's items pass the search's filters, read at every call: states and scopes move without the text. */
async function filtered(db: Db, ids: readonly number[], spec: SearchSpec): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const where: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (spec.isPull !== undefined) where.push(sql`i.is_pull = ${spec.isPull ? 1 : 0}`);
  if (spec.repoIds !== null) where.push(spec.repoIds.length ? sql`i.repo_id IN (${sql.join(spec.repoIds)})` : sql`1 = 0`);
  else if (spec.excludeRepoIds?.length) where.push(sql`i.repo_id NOT IN (${sql.join(spec.excludeRepoIds)})`);
  if (spec.statuses?.length) where.push(sql`i.status IN (${sql.join(spec.statuses)})`);
  if (spec.excludeIds?.length) where.push(sql`i.id NOT IN (${sql.join(spec.excludeIds)})`);
  const rows = (
    await sql<{ id: number }>`
      SELECT i.id FROM ${idTable(db, ids)} AS w ${drivingJoin(db)} items i ON i.id = w.value
      WHERE ${sql.join(where, sql` AND `)}`.execute(db)
  ).rows;
  return new Set(rows.map((r) => Number(r.id)));
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
