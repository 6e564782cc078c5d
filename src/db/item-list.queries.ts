import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB, ItemRow } from './schema.ts';
import { drivingJoin, idTable, jsonArrayHasLower, noIndex } from './dialect.ts';
import { toFtsQuery } from './fts.ts';
import { matchingIds, rowMatches } from './search-dialect.ts';

type Db = Kysely<DB> | Transaction<DB>;

// merged: pull requests only, and only merged ones have the value (the routes keep state=merged with it).
export const SORT_COLUMNS = { updated: 'updated_at', created: 'created_at', comments: 'comments', number: 'number', merged: 'merged_at' } as const;
export type SortKey = keyof typeof SORT_COLUMNS;
export type Direction = 'asc' | 'desc';

/** Where a page ended: the sort value and the id that breaks ties. */
export interface Position {
  key: string | number;
  id: number;
}

export interface ItemListSpec {
  isPull: boolean;
  /** The repositories to list; null lists every repository (minus `excludeRepoIds`). */
  repoIds: readonly number[] | null;
  /** Only with `repoIds: null`: repositories no longer tracked, whose items stay stored. */
  excludeRepoIds?: readonly number[];
  statuses: readonly string[];
  /** Lower-case login. */
  author?: string;
  /** Lower-case login of someone assigned to the item. */
  assignee?: string;
  /** Lower-case label names; an item must carry all of them. */
  labels?: readonly string[];
  linked?: boolean;
  /** User text, matched as words against titles and bodies. */
  q?: string;
  sort: SortKey;
  direction: Direction;
  after: Position | null;
  limit: number;
  /** Overrides of the work bounds, so tests reach every plan with a few hundred rows. */
  tuning?: { workBudget?: number; candidateLimit?: number };
}

export const LIST_COLUMNS = [
  'id', 'repo_id', 'number', 'is_pull', 'title', 'state', 'state_reason', 'status', 'draft', 'merged', 'merged_at', 'base_ref', 'head_ref', 'head_repo',
  'author', 'author_association', 'labels', 'assignees', 'comments', 'html_url', 'created_at', 'updated_at', 'closed_at', 'gone', 'linked_count',
] as const satisfies readonly (keyof ItemRow)[];
export type ListRow = Pick<ItemRow, (typeof LIST_COLUMNS)[number]>;

export interface ItemListResult {
  rows: ListRow[];
  next: Position | null;
  /** How the page was found: `index` (sort index only), `candidates` (a small filtered set, sorted), `scan` (sort index with a per-row check, bounded). */
  mode: 'index' | 'candidates' | 'scan' | 'empty';
  /** Index entries read to build the page: the work bound documented in docs/api.md. */
  examined: number;
}

/**
 * The work bound of one list request, in "row checks". A plain row check (label,
 * author, linked, repository) costs one unit; a full-text check costs
 * FTS_CHECK_COST units because each one is a seek into every term's posting list.
 */
export const WORK_BUDGET = 4000;
export const FTS_CHECK_COST = 10;
/** A filter that matches at most this many items is applied as a set: exact pages, no scan. */
export const CANDIDATE_LIMIT = 3000;

interface Scanned {
  id: number;
  k: string | number;
}

/**
 * One page of issues or pull requests, by keyset, in bounded work.
 *
 * Every list is a union of "branches", one per (repository, status): each branch
 * is a range of one sort index (`items_by_*`, `items_global_*`), read from the
 * cursor on, so the page costs the same on a repository of 100 items or 1,000,000.
 * SQLite cannot merge `status IN (…)` ranges in sort order by itself (it would
 * sort every matching row), so branches are read separately and merged here.
 *
 * Filters the index cannot serve (label, text, an author or linked state under
 * another sort) are handled one of two ways:
 * - if one of them matches few items (author, label and text are probed, at most
 *   CANDIDATE_LIMIT + 1 index entries each), the page is cut from that set: exact;
 * - otherwise each branch reads a bounded window of its index and checks the
 *   filters row by row. When the budget runs out before the page fills, the page
 *   is shorter and `next` points where reading stopped, so no row is ever skipped.
 */
export async function listItems(db: Db, spec: ItemListSpec): Promise<ItemListResult> {
  const match = spec.q === undefined ? undefined : toFtsQuery(spec.q);
  if (match === null || spec.statuses.length === 0 || spec.repoIds?.length === 0) return { rows: [], next: null, mode: 'empty', examined: 0 };
  const plan = planFilters(db, spec, match);

  const budget = spec.tuning?.workBudget ?? WORK_BUDGET;

  if (plan.residual.length > 0) {
    const candidates = await probeCandidates(db, spec, match, spec.tuning?.candidateLimit ?? CANDIDATE_LIMIT);
    if (candidates) {
      const weight = candidates.checksText ? FTS_CHECK_COST : 1;
      if (candidates.ids.length * weight <= budget) return fromCandidates(db, spec, match, candidates);
    }
  }

  const branches = branchesOf(spec);
  const weight = plan.residual.some((r) => r.text) ? FTS_CHECK_COST + 1 : 1;
  const window = Math.max(spec.limit + 1, Math.floor(budget / weight / branches.length));
  const col = sql.ref(`items.${SORT_COLUMNS[spec.sort]}`);
  const dir = sql.raw(spec.direction === 'desc' ? 'DESC' : 'ASC');
  const order = sql`ORDER BY ${col} ${dir}, items.id ${dir}`;

  let examined = 0;
  const scans: { hits: Scanned[]; completeTo: Scanned | null }[] = [];
  for (const b of branches) {
    const where: RawBuilder<unknown>[] = [sql`items.is_pull = ${spec.isPull ? 1 : 0}`, sql`items.status = ${b.status}`];
    if (b.repoId !== null) where.push(sql`items.repo_id = ${b.repoId}`);
    if (plan.authorEq) where.push(sql`items.author_key = ${spec.author}`);
    if (plan.linkedEq) where.push(sql`items.linked_count = 0`);
    if (spec.after) where.push(keyset(spec.sort, spec.direction, spec.after, 'items', false));
    const range = sql.join(where, sql` AND `);
    if (plan.residual.length === 0) {
      const hits = (await sql<Scanned>`SELECT items.id AS id, ${col} AS k FROM items WHERE ${range} ${order} LIMIT ${spec.limit + 1}`.execute(db)).rows;
      examined += hits.length;
      scans.push({ hits, completeTo: hits.length > spec.limit ? hits[hits.length - 1]! : null });
      continue;
    }
    // Where this branch's window ends: one read of the sort index alone (no row
    // checks), so the row-by-row query below can stop there even when nothing matches.
    const end = (await sql<Scanned>`SELECT items.id AS id, ${col} AS k FROM items WHERE ${range} ${order} LIMIT 1 OFFSET ${window - 1}`.execute(db)).rows[0];
    const bounded = end ? sql`${range} AND ${keyset(spec.sort, spec.direction, position(end), 'items', true)}` : range;
    const residual = sql.join(plan.residual.map((r) => r.sql), sql` AND `);
    // The checks run in index order and stop at the (limit + 1)th match: a common
    // filter reads a few dozen rows, a rare one at most the window.
    const hits = (await sql<Scanned>`SELECT items.id AS id, ${col} AS k FROM items WHERE ${bounded} AND ${residual} ${order} LIMIT ${spec.limit + 1}`.execute(db)).rows;
    examined += end ? window : hits.length;
    scans.push({ hits, completeTo: hits.length > spec.limit ? hits[hits.length - 1]! : (end ?? null) });
  }

  const cmp = comparator(spec.direction);
  // A branch is known complete up to where it stopped; rows past the earliest such
  // point may still be missing from another branch, so they wait for the next page.
  let frontier: Scanned | null = null;
  for (const s of scans) if (s.completeTo && (frontier === null || cmp(s.completeTo, frontier) < 0)) frontier = s.completeTo;
  const hits = scans
    .flatMap((s) => s.hits)
    .filter((r) => frontier === null || cmp(r, frontier) <= 0)
    .sort(cmp);
  const page = hits.slice(0, spec.limit);
  let next: Position | null = null;
  if (hits.length > spec.limit) next = position(page[page.length - 1]!);
  else if (frontier) next = position(frontier);
  const mode = plan.residual.length === 0 ? 'index' : 'scan';
  return { rows: await loadRows(db, page.map((r) => r.id)), next, mode, examined };
}

interface Residual {
  sql: RawBuilder<unknown>;
  text?: boolean;
}

function planFilters(db: Db, spec: ItemListSpec, match: string | undefined): { authorEq: boolean; linkedEq: boolean; residual: Residual[] } {
  // Author and "unlinked" have indexes in updated order only (items_by_author,
  // items_author_global, items_by_linked); under other sorts they are row checks.
  const authorEq = spec.author !== undefined && spec.sort === 'updated';
  const linkedEq = spec.linked === false && spec.sort === 'updated' && !authorEq && spec.repoIds !== null;
  // Unary + keeps the planner from choosing an index for a row check: the sort
  // index must drive, or a filter's index plus a sort would read unbounded rows.
  const residual: Residual[] = [];
  const plus = noIndex(db);
  if (spec.author !== undefined && !authorEq) residual.push({ sql: sql`${plus}items.author_key = ${spec.author}` });
  if (spec.linked !== undefined && !linkedEq) residual.push({ sql: spec.linked ? sql`${plus}items.linked_count > 0` : sql`${plus}items.linked_count = 0` });
  for (const label of spec.labels ?? []) residual.push({ sql: labelCheck('items', label) });
  if (spec.assignee !== undefined) residual.push({ sql: assigneeCheck(db, 'items', spec.assignee) });
  if (spec.repoIds === null && spec.excludeRepoIds?.length) residual.push({ sql: sql`${plus}items.repo_id NOT IN (${sql.join(spec.excludeRepoIds)})` });
  if (match !== undefined) residual.push({ sql: rowMatches(db, 'items', match), text: true });
  return { authorEq, linkedEq, residual };
}

const labelCheck = (alias: string, label: string) =>
  sql`EXISTS (SELECT 1 FROM item_labels l WHERE l.item_id = ${sql.ref(`${alias}.id`)} AND l.label_key = ${label})`;
// Assignees are a short JSON array on the row: a row check, like a label's.
const assigneeCheck = (db: Db, alias: string, login: string) => jsonArrayHasLower(db, sql.ref(`${alias}.assignees`), login);

function branchesOf(spec: ItemListSpec): { repoId: number | null; status: string }[] {
  const repos = spec.repoIds ?? [null];
  return repos.flatMap((repoId) => spec.statuses.map((status) => ({ repoId, status })));
}

/** Rows after `p` in sort order (or up to and including it, for `upTo`). */
function keyset(sort: SortKey, direction: Direction, p: Position, alias: string, upTo: boolean): RawBuilder<unknown> {
  const op = sql.raw(direction === 'desc' ? (upTo ? '>=' : '<') : upTo ? '<=' : '>');
  return sql`(${sql.ref(`${alias}.${SORT_COLUMNS[sort]}`)}, ${sql.ref(`${alias}.id`)}) ${op} (${p.key}, ${p.id})`;
}

function comparator(direction: Direction) {
  const sign = direction === 'desc' ? -1 : 1;
  return (a: { k: string | number; id: number }, b: { k: string | number; id: number }): number => {
    if (a.k !== b.k) return (a.k < b.k ? -1 : 1) * sign;
    return (a.id - b.id) * sign;
  };
}

const position = (r: Scanned): Position => ({ key: r.k, id: r.id });

interface Candidates {
  ids: number[];
  /** The filters the set already satisfies: they need no row check. */
  covers: { author: boolean; labels: ReadonlySet<string>; text: boolean };
  checksText: boolean;
}

/**
 * Reads at most CANDIDATE_LIMIT + 1 entries of each selective filter's index and
 * intersects the complete ones. Undefined when every probe overflowed.
 */
async function probeCandidates(db: Db, spec: ItemListSpec, match: string | undefined, limit: number): Promise<Candidates | undefined> {
  const cap = limit + 1;
  const sets: { ids: number[]; cover: 'author' | 'label' | 'text'; label?: string }[] = [];
  if (spec.author !== undefined) {
    const scope = spec.repoIds?.length === 1 ? sql`AND repo_id = ${spec.repoIds[0]} AND is_pull = ${spec.isPull ? 1 : 0}` : sql``;
    const rows = (await sql<{ id: number }>`SELECT id FROM items WHERE author_key = ${spec.author} ${scope} LIMIT ${cap}`.execute(db)).rows;
    if (rows.length < cap) sets.push({ ids: rows.map((r) => r.id), cover: 'author' });
  }
  for (const label of spec.labels ?? []) {
    const rows = (await sql<{ id: number }>`SELECT item_id AS id FROM item_labels WHERE label_key = ${label} LIMIT ${cap}`.execute(db)).rows;
    if (rows.length < cap) sets.push({ ids: rows.map((r) => r.id), cover: 'label', label });
  }
  if (match !== undefined) {
    const rows = (await matchingIds(db, match, cap).execute(db)).rows;
    if (rows.length < cap) sets.push({ ids: rows.map((r) => r.id), cover: 'text' });
  }
  if (sets.length === 0) return undefined;
  sets.sort((a, b) => a.ids.length - b.ids.length);
  let ids = sets[0]!.ids;
  for (const s of sets.slice(1)) {
    const keep = new Set(s.ids);
    ids = ids.filter((id) => keep.has(id));
  }
  const text = sets.some((s) => s.cover === 'text');
  return {
    ids,
    covers: { author: sets.some((s) => s.cover === 'author'), labels: new Set(sets.flatMap((s) => (s.label === undefined ? [] : [s.label]))), text },
    checksText: match !== undefined && !text,
  };
}

async function fromCandidates(db: Db, spec: ItemListSpec, match: string | undefined, c: Candidates): Promise<ItemListResult> {
  if (c.ids.length === 0) return { rows: [], next: null, mode: 'candidates', examined: 0 };
  const where: RawBuilder<unknown>[] = [sql`i.is_pull = ${spec.isPull ? 1 : 0}`, sql`i.status IN (${sql.join(spec.statuses)})`];
  if (spec.repoIds !== null) where.push(sql`i.repo_id IN (${sql.join(spec.repoIds)})`);
  else if (spec.excludeRepoIds?.length) where.push(sql`i.repo_id NOT IN (${sql.join(spec.excludeRepoIds)})`);
  if (spec.author !== undefined && !c.covers.author) where.push(sql`i.author_key = ${spec.author}`);
  if (spec.linked !== undefined) where.push(spec.linked ? sql`i.linked_count > 0` : sql`i.linked_count = 0`);
  for (const label of spec.labels ?? []) if (!c.covers.labels.has(label)) where.push(labelCheck('i', label));
  if (spec.assignee !== undefined) where.push(assigneeCheck(db, 'i', spec.assignee));
  if (match !== undefined && !c.covers.text) where.push(rowMatches(db, 'i', match));
  if (spec.after) where.push(keyset(spec.sort, spec.direction, spec.after, 'i', false));
  const col = sql.ref(`i.${SORT_COLUMNS[spec.sort]}`);
  const dir = sql.raw(spec.direction === 'desc' ? 'DESC' : 'ASC');
  // CROSS JOIN fixes the join order: the small id set drives, never a scan of items.
  const rows = (
    await sql<Scanned>`
      WITH c(id) AS (SELECT value FROM ${idTable(db, c.ids)} AS w)
      SELECT i.id AS id, ${col} AS k FROM c ${drivingJoin(db)} items i ON i.id = c.id
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY ${col} ${dir}, i.id ${dir} LIMIT ${spec.limit + 1}`.execute(db)
  ).rows;
  const page = rows.slice(0, spec.limit);
  const next = rows.length > spec.limit ? position(page[page.length - 1]!) : null;
  return { rows: await loadRows(db, page.map((r) => r.id)), next, mode: 'candidates', examined: c.ids.length };
}

/** The list columns of the given items, in the given order. */
export async function loadRows(db: Db, ids: readonly number[]): Promise<ListRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('items')
    .select(LIST_COLUMNS)
    .where(sql<boolean>`id IN (SELECT value FROM ${idTable(db, ids)} AS w)`)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is ListRow => r !== undefined);
}
