import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.ts';
import type { HubRepoStatsTable } from './scoring.schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * What the repository statistics job reads (src/sync/repo-stats.job.ts): the
 * pull requests that can enter a figure (open ones, and those created, merged or
 * closed since `since`), each with its first review by someone other than its
 * author, and who maintains the repository.
 */
export interface PullActivityRow {
  author: string | null;
  author_key: string | null;
  author_id: string | null;
  author_association: string | null;
  state: 'open' | 'closed';
  draft: number;
  created_at: string;
  merged_at: string | null;
  closed_at: string | null;
  first_review_at: string | null;
}

export async function pullActivity(db: Db, repoId: number, since: string): Promise<PullActivityRow[]> {
  return db
    .selectFrom('items as i')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('pull_reviews as r')
          .innerJoin('items as p', 'p.id', 'r.item_id')
          .select((x) => ['r.item_id', x.fn.min('r.submitted_at').as('first_review_at')])
          .where('p.repo_id', '=', repoId)
          .where('r.submitted_at', 'is not', null)
          .where('r.state', '!=', 'PENDING')
          // Not the author's own comments on their pull request (a login compared in any case).
          .where((x) => x.or([x('r.author', 'is', null), x('p.author_key', 'is', null), x(x.fn('lower', ['r.author']), '!=', x.ref('p.author_key'))]))
          .groupBy('r.item_id')
          .as('fr'),
      (join) => join.onRef('fr.item_id', '=', 'i.id'),
    )
    .select(['i.author', 'i.author_key', 'i.author_id', 'i.author_association', 'i.state', 'i.draft', 'i.created_at', 'i.merged_at', 'i.closed_at', 'fr.first_review_at'])
    .where('i.repo_id', '=', repoId)
    .where('i.is_pull', '=', 1)
    .where('i.gone', 'is', null)
    .where((eb) => eb.or([eb('i.state', '=', 'open'), eb('i.created_at', '>=', since), eb('i.closed_at', '>=', since)]))
    .execute() as Promise<PullActivityRow[]>;
}

/** Logins (lower-cased) and GitHub ids of the repository's maintainers, from its maintainer list. */
export async function maintainerKeys(db: Db, repoKey: string): Promise<{ logins: Set<string>; ids: Set<string> }> {
  const rows = await db.selectFrom('subnet_maintainers').select(['login', 'github_id']).where('repo_key', '=', repoKey).execute();
  return { logins: new Set(rows.map((r) => r.login.toLowerCase())), ids: new Set(rows.map((r) => r.github_id)) };
}

/** GitHub ids of registered miners. */
export async function registeredIds(db: Db): Promise<Set<string>> {
  return new Set((await db.selectFrom('subnet_miners').select('github_id').execute()).map((r) => r.github_id));
}

/** Open issues that no open or merged pull request claims to close (drafts are open). */
export async function unclaimedIssues(db: Db, repoId: number, repoKey: string): Promise<number> {
  const row = await db
    .selectFrom('items as i')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('i.repo_id', '=', repoId)
    .where('i.is_pull', '=', 0)
    .where('i.state', '=', 'open')
    .where('i.gone', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('links as l')
            .innerJoin('items as p', 'p.id', 'l.pull_id')
            .select('l.pull_id')
            .where('l.issue_repo_key', '=', repoKey)
            .whereRef('l.issue_number', '=', 'i.number')
            .where((x) => x.or([x('p.state', '=', 'open'), x('p.merged', '=', 1)])),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Replaces the repository's row (the caller's transaction keeps the two statements together). */
export async function saveRepoStats(db: Db, row: HubRepoStatsTable): Promise<void> {
  // One statement, not a delete then an insert: two refreshes of one repository at once (two
  // workers on PostgreSQL) would both delete, then the second insert fail on the key.
  const set = Object.fromEntries(Object.keys(row).filter((c) => c !== 'repo_id').map((c) => [c, sql.ref(`excluded.${c}`)]));
  await db.insertInto('hub_repo_stats').values(row).onConflict((oc) => oc.column('repo_id').doUpdateSet(set)).execute();
}

export async function deleteRepoStatsExcept(db: Db, repoIds: number[]): Promise<void> {
  let q = db.deleteFrom('hub_repo_stats');
  if (repoIds.length > 0) q = q.where('repo_id', 'not in', repoIds);
  await q.execute();
}
