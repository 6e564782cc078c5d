import type { Generated, Selectable } from 'kysely';

/** Row types of the scoring facts and evaluations (migration 0008, docs/scoring.md). GitHub ids are digit strings. */
export interface PullFactsTable {
  item_id: number;
  merged_by: string | null;
  merged_by_id: string | null;
  additions: number | null;
  deletions: number | null;
  changed_files: number | null;
  last_edited_at: string | null;
  edited_after_merge: number;
  source: 'graphql' | 'rest';
  item_updated_at: string;
  fetched_at: string;
}

export interface PullReviewsTable {
  item_id: number;
  review_id: string;
  author: string | null;
  author_id: string | null;
  author_association: string | null;
  state: string;
  submitted_at: string | null;
}

export interface LabelEventsTable {
  item_id: number;
  label_key: string;
  label: string;
  actor: string | null;
  actor_id: string | null;
  actor_association: string | null;
  at: string;
}

export interface IssueFactsTable {
  item_id: number;
  closed_by: string | null;
  closed_by_id: string | null;
  closer_repo: string | null;
  closer_number: number | null;
  last_edited_at: string | null;
  source: 'graphql' | 'rest';
  item_updated_at: string;
  fetched_at: string;
}

export interface PullTokenScoresTable {
  item_id: number;
  head_sha: string;
  /** The validator's `token_score`: parsed files only (source and tests). */
  token_score: number;
  /** S: source files. */
  source_token_score: number;
  /** T: every file, non-code line counts included (migration 0011; null on rows stored before it). */
  total_token_score: number | null;
  file_count: number;
  /** JSON array of TokenScoreFile (src/sync/token-scores.job.ts). */
  files: string;
  source: 'subnet_mirror' | 'github';
  /** 1 when every file was scored as the validator scores it (no missing grammar, no parse past its budget). */
  complete: Generated<number>;
  computed_at: string;
}

export interface HubStandingsTable {
  repo_id: number;
  author_key: string;
  login: string;
  github_id: string | null;
  registered: number;
  eligible: number;
  total: number;
  /** Issue-discovery total (migration 0012). */
  issue_total: Generated<number>;
  standing: string;
  /** JSON Curve (src/core/scoring/curve.ts); null on rows stored before migration 0012. */
  projection: string | null;
  computed_at: string;
}

/** Per repository, the sums of its authors' totals and curves (migration 0012). */
export interface HubRepoSumsTable {
  repo_id: number;
  pr_total: number;
  issue_total: number;
  /** Authors with a total above 0 on either side. */
  scorers: number;
  /** JSON Curve: the point-wise sums of the authors' curves. */
  curve: string;
  computed_at: string;
}

/** Per author, the standings summed over the active repositories: the leaderboard (migration 0014). */
export interface HubMinerTotalsTable {
  author_key: string;
  login: string;
  github_id: string | null;
  registered: number;
  eligible: number;
  total: number;
  /** Active repositories the author has a standing in. */
  repos: number;
  computed_at: string;
}

export interface HubPullScoresTable {
  item_id: number;
  repo_id: number;
  author_key: string;
  earned: number;
  entry: string;
  computed_at: string;
}

export interface ScoringStateTable {
  repo_id: number;
  data_version: number;
  inputs_version: string;
  scored_at: string;
}

/** What each repository pays (migration 0013): the emission split, fractions of the miners' pool. */
export interface HubRepoPayTable {
  repo_id: number;
  emission_share: number;
  active: number;
  slice: number;
  maintainer_cut: number;
  maintainer_cut_applies: number;
  maintainer_carve: number;
  maintainer_miners: number;
  pr_pool: number;
  issue_pool: number;
  recycled: number;
  pr_score_total: number;
  issue_score_total: number;
  pr_scorers: number;
  issue_scorers: number;
  basis: 'registered' | 'all_authors';
  computed_at: string;
}

/** Competition and responsiveness per repository (migration 0013, src/sync/repo-stats.job.ts). */
export interface HubRepoStatsTable {
  repo_id: number;
  window_days: number;
  active_authors: number;
  active_miners: number | null;
  open_pulls: number;
  unclaimed_issues: number;
  reviewed: number;
  first_review_median_s: number | null;
  merged: number;
  closed_unmerged: number;
  merge_median_s: number | null;
  merge_rate: number | null;
  queue: number;
  queue_median_age_s: number | null;
  queue_oldest_age_s: number | null;
  stale: number;
  maintainer_pulls: number;
  /** JSON array of AuthorStats (src/core/scoring/responsiveness.ts). */
  authors: string;
  computed_at: string;
}

export interface ScoringTables {
  pull_facts: PullFactsTable;
  pull_reviews: PullReviewsTable;
  label_events: LabelEventsTable;
  issue_facts: IssueFactsTable;
  pull_token_scores: PullTokenScoresTable;
  hub_standings: HubStandingsTable;
  hub_pull_scores: HubPullScoresTable;
  scoring_state: ScoringStateTable;
  hub_repo_sums: HubRepoSumsTable;
  hub_miner_totals: HubMinerTotalsTable;
  hub_repo_pay: HubRepoPayTable;
  hub_repo_stats: HubRepoStatsTable;
}

export type PullFactsRow = Selectable<PullFactsTable>;
export type PullReviewRow = Selectable<PullReviewsTable>;
export type LabelEventRow = Selectable<LabelEventsTable>;
export type IssueFactsRow = Selectable<IssueFactsTable>;
export type PullTokenScoreRow = Selectable<PullTokenScoresTable>;
export type HubStandingRow = Selectable<HubStandingsTable>;
export type HubPullScoreRow = Selectable<HubPullScoresTable>;
export type HubRepoSumsRow = Selectable<HubRepoSumsTable>;
export type HubMinerTotalsRow = Selectable<HubMinerTotalsTable>;
export type HubRepoPayRow = Selectable<HubRepoPayTable>;
export type HubRepoStatsRow = Selectable<HubRepoStatsTable>;
