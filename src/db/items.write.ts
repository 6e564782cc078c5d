import { sql, type Kysely, type Transaction } from 'kysely';
import { linkTargetsOf, refreshLinkCounts, bumpVersions } from './links.write.ts';
import { recordChanges } from './change-notifier.ts';
import { recordTable } from './dialect.ts';
import type { DB, NewItem } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** An item row as the sync side writes it (the repository is given apart). */
export type ItemWrite = Omit<NewItem, 'repo_id'>;

/** The stored fields ingest compares an incoming answer with. */
export interface StoredItem {
  id: number;
  number: number;
  updated_at: string;
  title: string;
  body: string | null;
  labels: string;
  comments: number;
  state_reason: string | null;
  closed_at: string | null;
  base_ref: string | null;
  status: string;
  draft: number;
  merged: number;
  links_source: string | null;
  links_grammar: number | null;
  pull_fetched_at: string | null;
  html_url: string | null;
}

export async function storedItems(db: Db, repoId: number, numbers: readonly number[]): Promise<Map<number, StoredItem>> {
  const out = new Map<number, StoredItem>();
  for (let i = 0; i < numbers.length; i += 400) {
    const rows = await db
      .selectFrom('items')
      .select(['id', 'number', 'updated_at', 'title', 'body', 'labels', 'comments', 'state_reason', 'closed_at', 'base_ref', 'status', 'draft', 'merged', 'links_source', 'links_grammar', 'pull_fetched_at', 'html_url'])
      .where('repo_id', '=', repoId)
      .where('number', 'in', numbers.slice(i, i + 400))
      .execute();
    for (const r of rows) out.set(r.number, r);
  }
  return out;
}

/**
 * Rows per upsert statement. SQLite's search index (FTS5, fed by triggers) writes
 * out its pending terms at the end of every statement, so fewer, larger statements
 * cost less: with 500 rows a statement the index took about a quarter of the
 * time it took with 100 (20,000 stored rows, inserted in batches of 1,000).
 * 500 rows × the table's ~40 columns stays under both stores' limits on bound
 * parameters (SQLite 32,766, PostgreSQL 65,535).
 */
const ROWS_PER_UPSERT = 500;

const UPDATABLE: (keyof ItemWrite)[] = [
  'is_pull', 'github_id', 'node_id', 'title', 'body', 'state', 'state_reason', 'status', 'draft', 'merged', 'merged_at', 'base_ref', 'head_ref', 'head_repo', 'head_sha', 'base_sha',
  'author', 'author_key', 'author_id', 'author_association', 'labels', 'assignees', 'comments', 'locked', 'html_url', 'created_at', 'updated_at', 'closed_at', 'gone', 'gone_at', 'moved_to',
  'pull_fetched_at', 'graphql_due', 'synced_at',
];

export type ChangeKind = 'created' | 'updated';

/**
 * Writes a batch of rows in one statement per ROWS_PER_UPSERT, with their labels and
 * change events, and returns each row's id. Rows carry only the columns their
 * source knows; the others keep their stored values. `changeOf` says which event
 * each row is (null: none yet, another step announces it); `textUnchanged` says
 * which rows' title and body equal the stored ones (the search index is then left alone).
 */
export async function upsertItems(
  db: Db,
  repoId: number,
  rows: readonly ItemWrite[],
  changeOf: (n: number) => ChangeKind | null,
  now: string,
  textUnchanged?: (n: number) => boolean,
): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  // The search index's update trigger fires whenever title or body is in the SET
  // list, equal or not: rows whose stored text is already current leave them out.
  const same = textUnchanged ? rows.filter((r) => textUnchanged(r.number)) : [];
  const changed = same.length ? rows.filter((r) => !textUnchanged!(r.number)) : rows;
  for (const [group, keepText] of [[changed, false], [same, true]] as const) {
    for (let i = 0; i < group.length; i += ROWS_PER_UPSERT) {
      const part = group.slice(i, i + ROWS_PER_UPSERT);
      // Rows of one batch share their column set (same source), so one statement fits all.
      const cols = UPDATABLE.filter((c) => part[0]![c] !== undefined && !(keepText && (c === 'title' || c === 'body')));
      const returned = await db
        .insertInto('items')
        .values(part.map((r) => ({ ...r, repo_id: repoId })))
        .onConflict((oc) => oc.columns(['repo_id', 'number']).doUpdateSet(Object.fromEntries(cols.map((c) => [c, sql.ref(`excluded.${c}`)]))))
        .returning(['id', 'number'])
        .execute();
      for (const r of returned) ids.set(r.number, r.id);
    }
  }
  const all = [...ids.values()];
  for (let i = 0; i < all.length; i += 400) await db.deleteFrom('item_labels').where('item_id', 'in', all.slice(i, i + 400)).execute();
  const labelRows = rows.flatMap((r) => [...new Set((JSON.parse(r.labels ?? '[]') as { name: string }[]).map((l) => l.name.toLowerCase()))].map((label_key) => ({ item_id: ids.get(r.number)!, label_key })));
  for (let i = 0; i < labelRows.length; i += 400) await db.insertInto('item_labels').values(labelRows.slice(i, i + 400)).execute();
  const changes = rows.flatMap((r) => {
    const kind = changeOf(r.number);
    return kind ? [{ repo_id: repoId, item_id: ids.get(r.number)!, number: r.number, is_pull: r.is_pull, kind, at: now }] : [];
  });
  await recordChanges(db, changes);
  return ids;
}

/**
 * Updates stored pull requests with fields of their own (a partial row each) and
 * records the change each one is (null: nothing a reader sees moved, or it was
 * already announced).
 */
export async function updatePulls(db: Db, repoId: number, updates: readonly { id: number; number: number; kind: ChangeKind | null; set: Partial<ItemWrite> }[], now: string): Promise<void> {
  // One statement per set of columns (a page's updates share theirs), not one per row.
  const byColumns = new Map<string, { id: number; set: Partial<ItemWrite> }[]>();
  for (const u of updates) {
    const key = (Object.keys(u.set) as (keyof ItemWrite)[]).filter((c) => u.set[c] !== undefined).sort().join(',');
    const group = byColumns.get(key);
    if (group) group.push(u);
    else byColumns.set(key, [u]);
  }
  for (const [key, group] of byColumns) {
    if (key === '') continue;
    const cols = key.split(',') as (keyof ItemWrite)[];
    for (let i = 0; i < group.length; i += 500) await updateRows(db, group.slice(i, i + 500), cols);
  }
  const moved = updates.flatMap((u) => (u.kind ? [{ repo_id: repoId, item_id: u.id, number: u.number, is_pull: 1, kind: u.kind, at: now }] : []));
  await recordChanges(db, moved);
}

const INTEGER_COLUMNS = new Set<string>(['is_pull', 'draft', 'merged', 'comments', 'locked', 'graphql_due']);

/** Sets each item's own values of `cols` in one statement (UPDATE … FROM a table of the rows). */
async function updateRows(db: Db, rows: readonly { id: number; set: Partial<ItemWrite> }[], cols: readonly (keyof ItemWrite)[]): Promise<void> {
  const types: Record<string, 'bigint' | 'integer' | 'text'> = { id: 'bigint' };
  for (const c of cols) types[c] = c === 'github_id' ? 'bigint' : INTEGER_COLUMNS.has(c) ? 'integer' : 'text';
  const values = rows.map((r) => ({ id: r.id, ...Object.fromEntries(cols.map((c) => [c, r.set[c] ?? null])) }));
  await sql`UPDATE items SET ${sql.join(cols.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`))} FROM ${recordTable(db, values, types)} WHERE items.id = v.id`.execute(db);
}

/** Marks an item deleted (410) or transferred (301) so it never looks open again. */
export async function markGone(db: Db, repo: { id: number; key: string }, number: number, how: 'deleted' | 'transferred', movedTo: string | null, now: string): Promise<void> {
  const row = await db.selectFrom('items').select(['id', 'is_pull']).where('repo_id', '=', repo.id).where('number', '=', number).executeTakeFirst();
  if (!row) return;
  await db.updateTable('items').set({ gone: how, gone_at: now, moved_to: movedTo, state: 'closed', status: 'closed' }).where('id', '=', row.id).execute();
  await recordChanges(db, [{ repo_id: repo.id, item_id: row.id, number, is_pull: row.is_pull, kind: 'gone', at: now }]);
  if (!row.is_pull) {
    // GitHub's own link answers follow a transferred issue (and drop a deleted one),
    // without touching the pull requests: ask again for every pull request that links it.
    await sql`
      UPDATE items SET graphql_due = 1
      WHERE id IN (SELECT pull_id FROM links WHERE issue_repo_key = ${repo.key} AND issue_number = ${number})`.execute(db);
  }
  const targets = row.is_pull ? await linkTargetsOf(db, [row.id]) : [{ repoKey: repo.key, number }];
  await refreshLinkCounts(db, targets, row.is_pull ? [row.id] : []);
  await bumpVersions(db, [repo.key, ...targets.map((t) => t.repoKey)]);
}

const COUNT_COLUMNS = ['issues_total', 'issues_open', 'issues_open_unlinked', 'pulls_total', 'pulls_open'] as const;

/**
 * Recomputes a repository's denormalised counts (served by /api/repos and as list totals
 * without counting rows). Lists carry a total, so counts that moved bump the repository's
 * data version like any other change of its answers: a page kept or validated by the
 * version before the counts were refreshed (at the end of a pass) is not served again.
 */
export async function refreshRepoCounts(db: Db, repoId: number): Promise<void> {
  const counts = () => db.selectFrom('sync_state').select(COUNT_COLUMNS).where('repo_id', '=', repoId).executeTakeFirst();
  const before = await counts();
  await sql`
    UPDATE sync_state SET
      issues_total = (SELECT count(*) FROM items WHERE repo_id = ${repoId} AND is_pull = 0 AND gone IS NULL),
      issues_open = (SELECT count(*) FROM items WHERE repo_id = ${repoId} AND is_pull = 0 AND status = 'open' AND gone IS NULL),
      issues_open_unlinked = (SELECT count(*) FROM items WHERE repo_id = ${repoId} AND is_pull = 0 AND status = 'open' AND linked_count = 0 AND gone IS NULL),
      pulls_total = (SELECT count(*) FROM items WHERE repo_id = ${repoId} AND is_pull = 1 AND gone IS NULL),
      pulls_open = (SELECT count(*) FROM items WHERE repo_id = ${repoId} AND is_pull = 1 AND status IN ('open', 'draft') AND gone IS NULL)
    WHERE repo_id = ${repoId}`.execute(db);
  const after = await counts();
  if (before && after && COUNT_COLUMNS.some((c) => Number(before[c]) !== Number(after[c]))) {
    await db.updateTable('sync_state').set({ data_version: sql`data_version + 1` }).where('repo_id', '=', repoId).execute();
  }
}
