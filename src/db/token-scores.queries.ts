/**
 * Token scores of pull requests (pull_token_scores, migrations 0008 and 0011):
 * which pull requests are due for scoring, and storing what the worker computed.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';
import type { PullTokenScoreRow, PullTokenScoresTable } from './scoring.schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface TokenScoreCandidate {
  id: number;
  number: number;
  head_sha: string;
  base_sha: string | null;
  state: string;
  merged: number;
}

/**
 * Pull requests of a repository inside its lookback window that have no token
 * score for their current head: merged ones by merge time, open ones by creation
 * (as the rules anchor them, core/subnet/window.ts), newest first. A pull request
 * /pulls has not reported a head for is not due yet. Rows from before
 * total_token_score existed are due again.
 */
export async function tokenScoresDue(db: Db, repoId: number, windowStart: string, limit: number): Promise<TokenScoreCandidate[]> {
  return db
    .selectFrom('items as i')
    .leftJoin('pull_token_scores as t', 't.item_id', 'i.id')
    .select(['i.id', 'i.number', 'i.head_sha', 'i.base_sha', 'i.state', 'i.merged'])
    .where('i.repo_id', '=', repoId)
    .where('i.is_pull', '=', 1)
    .where('i.gone', 'is', null)
    .where('i.head_sha', 'is not', null)
    .where((eb) => eb.or([eb.and([eb('i.merged', '=', 1), eb('i.merged_at', '>=', windowStart)]), eb.and([eb('i.state', '=', 'open'), eb('i.created_at', '>=', windowStart)])]))
    .where((eb) => eb.or([eb('t.item_id', 'is', null), eb('t.head_sha', '!=', eb.ref('i.head_sha')), eb('t.total_token_score', 'is', null)]))
    .orderBy('i.updated_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit)
    .$narrowType<{ head_sha: string }>()
    .execute();
}

/** Stores one pull request's token scores, replacing those of an earlier head. */
export async function saveTokenScore(db: Db, row: Insertable<PullTokenScoresTable>): Promise<void> {
  const { item_id: _id, ...set } = row;
  await db.insertInto('pull_token_scores').values(row).onConflict((oc) => oc.column('item_id').doUpdateSet(set)).execute();
}

export async function getTokenScore(db: Db, itemId: number): Promise<PullTokenScoreRow | undefined> {
  return db.selectFrom('pull_token_scores').selectAll().where('item_id', '=', itemId).executeTakeFirst();
}
