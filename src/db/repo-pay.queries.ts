import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';
import type { HubRepoPayRow, HubRepoPayTable, HubRepoStatsRow } from './scoring.schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * What the emission split reads and what it stores (docs/scoring.md, "What a
 * repository pays"): per repository the positive totals of the standings that
 * share its pools, and the registered miners among its maintainers.
 */
export interface StandingSums {
  repo_id: number;
  pr_total: number;
  issue_total: number;
  pr_scorers: number;
  issue_scorers: number;
}

/** True when the hub holds any registered miner (the subnet's API was mirrored). */
export async function registrationKnown(db: Db): Promise<boolean> {
  return (await db.selectFrom('subnet_miners').select('uid').limit(1).executeTakeFirst()) !== undefined;
}

/** Per repository: Σ positive PR totals and Σ positive issue totals (registered miners only, unless `everyone`). */
export async function standingSums(db: Db, everyone: boolean): Promise<StandingSums[]> {
  let q = db
    .selectFrom('hub_standings')
    .select((eb) => [
      'repo_id',
      eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('total', '>', 0).then(eb.ref('total')).else(0).end()), eb.val(0)).as('pr_total'),
      eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('issue_total', '>', 0).then(eb.ref('issue_total')).else(0).end()), eb.val(0)).as('issue_total'),
      eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('total', '>', 0).then(1).else(0).end()), eb.val(0)).as('pr_scorers'),
      eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('issue_total', '>', 0).then(1).else(0).end()), eb.val(0)).as('issue_scorers'),
    ])
    .groupBy('repo_id');
  if (!everyone) q = q.where('registered', '=', 1);
  const rows = await q.execute();
  return rows.map((r) => ({ repo_id: r.repo_id, pr_total: Number(r.pr_total), issue_total: Number(r.issue_total), pr_scorers: Number(r.pr_scorers), issue_scorers: Number(r.issue_scorers) }));
}

/** Per repository key: the logins of its maintainers who are registered miners (the maintainer cut applies to them). */
export async function maintainerMiners(db: Db): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('subnet_maintainers as m')
    .innerJoin('subnet_miners as s', 's.github_id', 'm.github_id')
    .select(['m.repo_key', 'm.login'])
    .distinct()
    .orderBy('m.repo_key')
    .orderBy('m.login')
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.repo_key, [...(out.get(r.repo_key) ?? []), r.login]);
  return out;
}

/**
 * Replaces every repository's pay row in one go (the split is computed across all of
 * them), in the caller's transaction, which holds the split's lock (`LOCKS.repoPay`)
 * since before it read the split's inputs: two replacements at once would both delete
 * the rows they see, neither see the other's new rows, and the second insert fail on
 * the primary key.
 */
export async function replaceRepoPay(trx: Transaction<DB>, rows: HubRepoPayTable[]): Promise<void> {
  await trx.deleteFrom('hub_repo_pay').execute();
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto('hub_repo_pay').values(rows.slice(i, i + 200)).execute();
}

export async function repoPayRows(db: Db): Promise<HubRepoPayRow[]> {
  return db.selectFrom('hub_repo_pay').selectAll().execute();
}

const STATS_COLUMNS = [
  'repo_id', 'window_days', 'active_authors', 'active_miners', 'open_pulls', 'unclaimed_issues', 'reviewed', 'first_review_median_s', 'merged', 'closed_unmerged',
  'merge_median_s', 'merge_rate', 'queue', 'queue_median_age_s', 'queue_oldest_age_s', 'stale', 'maintainer_pulls', 'computed_at',
] as const;
export type RepoStatsSummary = Omit<HubRepoStatsRow, 'authors'>;

/** Every repository's figures without the per-author list (which grows with the number of authors; only the maintainers view reads it). */
export async function repoStatsRows(db: Db): Promise<RepoStatsSummary[]> {
  return db.selectFrom('hub_repo_stats').select(STATS_COLUMNS).execute();
}

export async function repoStatsOf(db: Db, repoId: number): Promise<HubRepoStatsRow | undefined> {
  return db.selectFrom('hub_repo_stats').selectAll().where('repo_id', '=', repoId).executeTakeFirst();
}

export async function repoPayOf(db: Db, repoId: number): Promise<HubRepoPayRow | undefined> {
  return db.selectFrom('hub_repo_pay').selectAll().where('repo_id', '=', repoId).executeTakeFirst();
}
