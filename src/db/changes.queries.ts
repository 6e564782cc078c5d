import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface ChangeRow {
  id: number;
  repo_id: number;
  item_id: number;
  number: number;
  is_pull: number;
  kind: 'created' | 'updated' | 'gone';
  at: string;
  /** The item as it reads now (null if it was removed since). */
  title: string | null;
  status: string | null;
  merged: number | null;
}

/**
 * Changes written after `afterId`, oldest first, with the item's title and
 * state. The worker writes one row per changed item in the same transaction as
 * the data, so a row seen here means its data is readable. A range of the
 * primary key and one primary-key lookup per row: cost follows `limit` only.
 */
export async function changesAfter(db: Db, afterId: number, limit: number): Promise<ChangeRow[]> {
  return db
    .selectFrom('changes')
    .leftJoin('items', 'items.id', 'changes.item_id')
    .select(['changes.id', 'changes.repo_id', 'changes.item_id', 'changes.number', 'changes.is_pull', 'changes.kind', 'changes.at', 'items.title', 'items.status', 'items.merged'])
    .where('changes.id', '>', afterId)
    .orderBy('changes.id')
    .limit(limit)
    .execute();
}

/** The newest and oldest change ids still stored (0 when none): where a new listener starts, and whether a resume point was pruned. */
export async function changeBounds(db: Db): Promise<{ first: number; last: number }> {
  const row = (await sql<{ first: number | null; last: number | null }>`SELECT (SELECT min(id) FROM changes) AS first, (SELECT max(id) FROM changes) AS last`.execute(db)).rows[0];
  return { first: row?.first ?? 0, last: row?.last ?? 0 };
}

/** Repositories with changes after `afterId`, each with its newest change id. */
export async function reposChangedAfter(db: Db, afterId: number): Promise<{ name_key: string; last: number }[]> {
  const res = await sql<{ name_key: string; last: number }>`
    SELECT r.name_key, max(c.id) AS last FROM changes c JOIN repos r ON r.id = c.repo_id WHERE c.id > ${afterId} GROUP BY r.name_key`.execute(db);
  return res.rows;
}

/**
 * Deletes changes older than `cutoff`. Ids grow with time, so each batch looks
 * only at the oldest rows (bounded, no scan), and stops at the first batch that
 * reaches a newer change.
 */
export async function pruneChanges(db: Db, cutoff: string, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const res = await sql`DELETE FROM changes WHERE id IN (SELECT id FROM changes ORDER BY id LIMIT ${batch}) AND at < ${cutoff}`.execute(db);
    const n = Number(res.numAffectedRows ?? 0);
    total += n;
    if (n < batch) return total;
  }
}
