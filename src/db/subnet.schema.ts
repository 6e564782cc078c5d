import type { Generated, Selectable } from 'kysely';

/** Row types of the subnet's own data (migration 0007, docs/subnet-data.md). GitHub ids are digit strings. */
export interface SubnetAccountsTable {
  github_id: string;
  login: string;
  previous_login: string | null;
  login_changed_at: string | null;
  miner_count: number;
  first_seen_at: string;
  updated_at: string;
}

export interface SubnetMinersTable {
  uid: number;
  hotkey: string;
  github_id: string;
  login: string;
  shared_account: number;
  failed_reason: string | null;
  total_score: number;
  base_total_score: number | null;
  total_open_prs: number;
  total_closed_prs: number;
  total_merged_prs: number;
  is_eligible: number;
  credibility: number;
  total_collateral_score: number | null;
  issue_discovery_score: number | null;
  is_issue_eligible: number | null;
  alpha_per_day: number | null;
  tao_per_day: number | null;
  usd_per_day: number | null;
  evaluated_at: string | null;
  updated_at: string;
}

export interface SubnetPrScoresTable {
  repo_key: string;
  number: number;
  repository: string;
  github_id: string;
  pr_state: string;
  merged_at: string | null;
  score: number;
  base_score: number | null;
  collateral_score: number | null;
  token_score: number | null;
  label_multiplier: number | null;
  issue_multiplier: number | null;
  time_decay_multiplier: number | null;
  review_quality_multiplier: number | null;
  open_pr_spam_multiplier: number | null;
  /** JSON list of issue numbers. */
  linked_issues: string;
  updated_at: string;
}

export interface SubnetRepoStandingsTable {
  repo_key: string;
  repository: string;
  total_score: number;
  total_merged_prs: number | null;
  total_open_prs: number | null;
  miner_count: number | null;
  updated_at: string;
}

export interface SubnetMinerReposTable {
  repo_key: string;
  github_id: string;
  uid: number | null;
  total_score: number;
  total_merged_prs: number;
  total_closed_prs: number;
  total_open_prs: number;
  is_eligible: number;
  credibility: number;
  updated_at: string;
}

export interface SubnetMaintainersTable {
  repo_key: string;
  github_id: string;
  login: string;
  association: string;
  source: string;
  fetched_at: string;
}

export interface SubnetPricesTable {
  name: string;
  value: number;
  source: string;
  observed_at: string | null;
  fetched_at: string;
}

export interface SubnetFetchStateTable {
  source: string;
  etag: string | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  /** When the data last actually changed (a 304 or an identical answer leaves it). */
  last_change_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  consecutive_failures: Generated<number>;
  item_count: number | null;
}

/** Official versus ours (migration 0010): pull requests whose official score and the hub's differ. */
export interface ScoreDriftTable {
  repo_key: string;
  number: number;
  repository: string;
  github_id: string;
  login: string | null;
  /** JSON list of the differing fields. */
  fields: string;
  /** JSON: the official breakdown. */
  official: string;
  /** JSON: the hub's breakdown. */
  hub: string;
  official_at: string;
  hub_at: string;
}

export interface ScoreDriftCountsTable {
  repo_key: string;
  github_id: string;
  compared: number;
  differing: number;
  official_only: number;
  hub_only: number;
}

export interface ScoreDriftStateTable {
  id: number;
  inputs: string;
  computed_at: string;
  ms: number;
}

export interface SubnetTables {
  score_drift: ScoreDriftTable;
  score_drift_counts: ScoreDriftCountsTable;
  score_drift_state: ScoreDriftStateTable;
  subnet_accounts: SubnetAccountsTable;
  subnet_miners: SubnetMinersTable;
  subnet_pr_scores: SubnetPrScoresTable;
  subnet_repo_standings: SubnetRepoStandingsTable;
  subnet_miner_repos: SubnetMinerReposTable;
  subnet_maintainers: SubnetMaintainersTable;
  subnet_prices: SubnetPricesTable;
  subnet_fetch_state: SubnetFetchStateTable;
}

export type SubnetMinerRow = Selectable<SubnetMinersTable>;
export type SubnetAccountRow = Selectable<SubnetAccountsTable>;
export type SubnetFetchStateRow = Selectable<SubnetFetchStateTable>;
export type SubnetPriceRow = Selectable<SubnetPricesTable>;
export type ScoreDriftRow = Selectable<ScoreDriftTable>;
