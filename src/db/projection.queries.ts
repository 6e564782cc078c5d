/**
 * What the miner view's projection reads: per tracked repository its policy entry, its
 * stored sums and whether a registered miner maintains it (one query, O(repositories)),
 * and the validators' own figures for one account (O(that account's pull requests)).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

export interface RepoSumsRow {
  full_name: string;
  name_key: string;
  entry: string;
  curve: string | null;
  computed_at: string | null;
  maintained_by_miner: number;
}

export async function activeRepoSums(db: Kysely<DB>): Promise<RepoSumsRow[]> {
  return db
    .selectFrom('repos')
    .leftJoin('hub_repo_sums', 'hub_repo_sums.repo_id', 'repos.id')
    .select(['repos.full_name', 'repos.name_key', 'repos.entry', 'hub_repo_sums.curve', 'hub_repo_sums.computed_at'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('subnet_maintainers')
            .innerJoin('subnet_miners', 'subnet_miners.github_id', 'subnet_maintainers.github_id')
            .select(sql`1`.as('one'))
            .whereRef('subnet_maintainers.repo_key', '=', 'repos.name_key'),
        )
        .$castTo<number>()
        .as('maintained_by_miner'),
    )
    .where('repos.active', '=', 1)
    .orderBy('repos.name_key')
    .execute() as Promise<RepoSumsRow[]>;
}

export interface OfficialRepoRow {
  repo_key: string;
  total_score: number;
  is_eligible: number;
  credibility: number;
  total_merged_prs: number;
  total_open_prs: number;
}

/** The validators' per-repository standing of one account (summed over its registered miners by the caller). */
export async function officialRepos(db: Kysely<DB>, githubId: string): Promise<OfficialRepoRow[]> {
  return db
    .selectFrom('subnet_miner_repos')
    .select(['repo_key', 'total_score', 'is_eligible', 'credibility', 'total_merged_prs', 'total_open_prs'])
    .where('github_id', '=', githubId)
    .orderBy('repo_key')
    .execute();
}

export interface OfficialPullRow {
  repo_key: string;
  number: number;
  score: number;
  collateral_score: number | null;
}

export async function officialPulls(db: Kysely<DB>, githubId: string): Promise<OfficialPullRow[]> {
  return db.selectFrom('subnet_pr_scores').select(['repo_key', 'number', 'score', 'collateral_score']).where('github_id', '=', githubId).orderBy('repo_key').orderBy('number').execute();
}

export interface CurveRow {
  name_key: string;
  login: string;
  github_id: string | null;
  total: number;
  issue_total: number;
  projection: string | null;
  computed_at: string;
}

/** One login's stored curves and totals, without the standing documents (the projection needs only these). */
export async function curvesOfLogin(db: Kysely<DB>, login: string): Promise<CurveRow[]> {
  return db
    .selectFrom('hub_standings')
    .innerJoin('repos', 'repos.id', 'hub_standings.repo_id')
    .select(['repos.name_key', 'hub_standings.login', 'hub_standings.github_id', 'hub_standings.total', 'hub_standings.issue_total', 'hub_standings.projection', 'hub_standings.computed_at'])
    .where('hub_standings.author_key', '=', login.toLowerCase())
    .where('repos.active', '=', 1)
    .orderBy('hub_standings.total', 'desc')
    .orderBy('repos.name_key')
    .execute();
}
