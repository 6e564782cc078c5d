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
}

/**
 * Changes written after `afterId`, oldest first. The worker writes one row per
 * changed item in the same transaction as the data, so a row seen here means
 * its data is readable. A range of the primary key: cost follows `limit` only.
 */
export async function changesAfter(db: Db, afterId: number, limit: number): Promise<ChangeRow[]> {
  return db
    .selectFrom('changes')
    .select(['id', 'repo_id', 'item_id', 'number', 'is_pull', 'kind', 'at'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The newest and oldest change ids still stored (0 when none): where a new listener starts, and whether a resume point was pruned. */
export async function changeBounds(db: Db): Promise<{ first: number; last: number }> {
  const row = (await sql<{ first: number | null; last: number | null }>`SELECT (SELECT min(id) FROM changes) AS first, (SELECT max(id) FROM changes) AS last`.execute(db)).rows[0];
  return { first: row?.first ?? 0, last: row?.last ?? 0 };
}
