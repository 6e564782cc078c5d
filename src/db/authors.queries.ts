import { sql, type Kysely, type Transaction } from 'kysely';
import { ISSUE_STATUSES, PULL_STATUSES } from '../core/states.ts';
import type { DB } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Counts stop at this number per state, so a bot with 100,000 pull requests costs no more than anyone else. */
export const AUTHOR_COUNT_CAP = 10_000;

export interface AuthorCounts {
  issues: Record<string, number>;
  pulls: Record<string, number>;
  /** True when some state reached the cap: that count is "at least". */
  capped: boolean;
}

/**
 * Per-state counts of one author's items in one repository. Each count is a
 * range of `items_by_author` (author_key, repo_id, is_pull, status, …), read
 * only from the index and stopped at AUTHOR_COUNT_CAP.
 */
export async function authorCounts(db: Db, repoId: number, authorKey: string): Promise<AuthorCounts> {
  const out: AuthorCounts = { issues: {}, pulls: {}, capped: false };
  const kinds = [
    { isPull: 0, statuses: ISSUE_STATUSES, into: out.issues },
    { isPull: 1, statuses: PULL_STATUSES, into: out.pulls },
  ];
  for (const kind of kinds) {
    for (const status of kind.statuses) {
      const row = (
        await sql<{ n: number }>`
          SELECT count(*) AS n FROM (
            SELECT 1 FROM items WHERE author_key = ${authorKey} AND repo_id = ${repoId} AND is_pull = ${kind.isPull} AND status = ${status}
            LIMIT ${AUTHOR_COUNT_CAP}) AS capped`.execute(db)
      ).rows[0];
      const n = row?.n ?? 0;
      kind.into[status] = n;
      if (n >= AUTHOR_COUNT_CAP) out.capped = true;
    }
  }
  return out;
}
