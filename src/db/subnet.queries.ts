/**
 * The subnet's miners, their GitHub accounts and the validators' official scores
 * and standings. Each writer replaces one whole answer of the subnet's API, so it
 * runs in the caller's transaction together with the fetch state (subnet-state.queries.ts).
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';
import type { SubnetAccountRow, SubnetMinerReposTable, SubnetMinerRow, SubnetMinersTable, SubnetPrScoresTable } from './subnet.schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type MinerInput = Omit<Insertable<SubnetMinersTable>, 'shared_account' | 'updated_at'>;

const CHUNK = 200;
function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

export interface MinersReplaced {
  miners: number;
  accounts: number;
  /** Accounts whose login differs from the stored one: same GitHub id, renamed. */
  renamed: Array<{ githubId: string; from: string; to: string }>;
}

/**
 * Replaces the registered miners with the subnet's current list. Accounts are keyed
 * by GitHub id, so a changed login updates the account (remembering the old login)
 * and keeps every miner tied to it; several miners on one account are flagged.
 */
export async function replaceMiners(db: Transaction<DB>, miners: readonly MinerInput[], now: string): Promise<MinersReplaced> {
  const perAccount = new Map<string, { login: string; count: number }>();
  for (const m of miners) {
    const a = perAccount.get(m.github_id);
    perAccount.set(m.github_id, { login: a?.login ?? m.login, count: (a?.count ?? 0) + 1 });
  }
  const existing = new Map((await db.selectFrom('subnet_accounts').select(['github_id', 'login']).execute()).map((r) => [r.github_id, r.login]));
  const renamed: MinersReplaced['renamed'] = [];
  await db.updateTable('subnet_accounts').set({ miner_count: 0 }).where('miner_count', '>', 0).execute();
  for (const [githubId, a] of perAccount) {
    const before = existing.get(githubId);
    if (before === undefined) {
      await db.insertInto('subnet_accounts').values({ github_id: githubId, login: a.login, miner_count: a.count, first_seen_at: now, updated_at: now }).execute();
      continue;
    }
    const changed = before !== a.login;
    if (changed) renamed.push({ githubId, from: before, to: a.login });
    await db
      .updateTable('subnet_accounts')
      .set({ login: a.login, miner_count: a.count, updated_at: now, ...(changed ? { previous_login: before, login_changed_at: now } : {}) })
      .where('github_id', '=', githubId)
      .execute();
  }
  await db.deleteFrom('subnet_miners').execute();
  for (const part of chunks(miners)) {
    await db
      .insertInto('subnet_miners')
      .values(part.map((m) => ({ ...m, shared_account: perAccount.get(m.github_id)!.count > 1 ? 1 : 0, updated_at: now })))
      .execute();
  }
  return { miners: miners.length, accounts: perAccount.size, renamed };
}

export async function listMiners(db: Db): Promise<SubnetMinerRow[]> {
  return db.selectFrom('subnet_miners').selectAll().orderBy('uid').execute();
}

export async function minersOfAccount(db: Db, githubId: string): Promise<SubnetMinerRow[]> {
  return db.selectFrom('subnet_miners').selectAll().where('github_id', '=', githubId).orderBy('uid').execute();
}

export async function getAccount(db: Db, githubId: string): Promise<SubnetAccountRow | undefined> {
  return db.selectFrom('subnet_accounts').selectAll().where('github_id', '=', githubId).executeTakeFirst();
}

export type PrScoreInput = Omit<Insertable<SubnetPrScoresTable>, 'updated_at'>;

/** Replaces the official pull request scores with the subnet's current list. */
export async function replacePrScores(db: Transaction<DB>, scores: readonly PrScoreInput[], now: string): Promise<number> {
  await db.deleteFrom('subnet_pr_scores').execute();
  // The same pull request twice in one answer: the last one wins.
  const unique = [...new Map(scores.map((s) => [`${s.repo_key}#${s.number}`, s])).values()];
  for (const part of chunks(unique)) await db.insertInto('subnet_pr_scores').values(part.map((s) => ({ ...s, updated_at: now }))).execute();
  return unique.length;
}

export async function listPrScores(db: Db, options: { repoKey?: string; githubId?: string } = {}) {
  let q = db.selectFrom('subnet_pr_scores').selectAll();
  if (options.repoKey) q = q.where('repo_key', '=', options.repoKey);
  if (options.githubId) q = q.where('github_id', '=', options.githubId);
  return q.orderBy('repo_key').orderBy('number').execute();
}

export interface RepoStandingInput {
  repo_key: string;
  repository: string;
  total_score: number;
  total_merged_prs: number | null;
  total_open_prs: number | null;
  miner_count: number | null;
}

export async function replaceRepoStandings(db: Transaction<DB>, rows: readonly RepoStandingInput[], now: string): Promise<void> {
  await db.deleteFrom('subnet_repo_standings').execute();
  const unique = [...new Map(rows.map((r) => [r.repo_key, r])).values()];
  for (const part of chunks(unique)) await db.insertInto('subnet_repo_standings').values(part.map((r) => ({ ...r, updated_at: now }))).execute();
}

export async function listRepoStandings(db: Db) {
  return db.selectFrom('subnet_repo_standings').selectAll().orderBy('total_score', 'desc').orderBy('repo_key').execute();
}

/** A repository's official standing of one miner, as the subnet API gives it. */
export type MinerRepoInput = Omit<SubnetMinerReposTable, 'repo_key' | 'updated_at'>;

/** Replaces one repository's official per-miner standings. */
export async function replaceMinerRepos(db: Transaction<DB>, repoKey: string, rows: readonly MinerRepoInput[], now: string): Promise<void> {
  await db.deleteFrom('subnet_miner_repos').where('repo_key', '=', repoKey).execute();
  const unique = [...new Map(rows.map((r) => [r.github_id, r])).values()];
  for (const part of chunks(unique)) await db.insertInto('subnet_miner_repos').values(part.map((r) => ({ ...r, repo_key: repoKey, updated_at: now }))).execute();
}

export async function listMinerRepos(db: Db, repoKey: string) {
  return db.selectFrom('subnet_miner_repos').selectAll().where('repo_key', '=', repoKey).orderBy('total_score', 'desc').orderBy('github_id').execute();
}
