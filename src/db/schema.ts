import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ScoringTables } from './scoring.schema.ts';
import type { SubnetTables } from './subnet.schema.ts';

/**
 * Row types of the store. Timestamps are GitHub's ISO-8601 UTC strings
 * (`2024-05-01T12:00:00Z`), which sort lexicographically in time order and come
 * back to API clients unchanged. Booleans are 0/1 integers (SQLite has no bool).
 */
export interface ReposTable {
  id: Generated<number>;
  /** Display case, as the master list or GitHub spells it. */
  full_name: string;
  /** Lower-case `owner/name`: the only column lookups use. */
  name_key: string;
  owner: string;
  name: string;
  weight: Generated<number>;
  /** The whole master-list entry, unknown fields kept. */
  entry: Generated<string>;
  operator_added: Generated<number>;
  /** 0 once the master list drops it; its data stays. */
  active: Generated<number>;
  inactive_at: string | null;
  github_id: number | null;
  default_branch: string | null;
  archived: Generated<number>;
  /** GitHub's current name when it differs (renamed repository). */
  github_full_name: string | null;
  created_at: string;
  updated_at: string;
}

export interface MasterListTable {
  id: number;
  body: string;
  source: string;
  repo_count: number;
  fetched_at: string;
}

export interface ItemsTable {
  id: Generated<number>;
  repo_id: number;
  number: number;
  is_pull: number;
  github_id: number | null;
  node_id: string | null;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: string | null;
  /** The user-facing state: issues open|completed|not_planned|duplicate|closed; pulls open|draft|merged|closed. */
  status: string;
  draft: Generated<number>;
  merged: Generated<number>;
  merged_at: string | null;
  base_ref: string | null;
  head_ref: string | null;
  head_repo: string | null;
  author: string | null;
  author_key: string | null;
  author_association: string | null;
  /** JSON array of {name, color, description}. */
  labels: Generated<string>;
  /** JSON array of the assignees' logins, as GitHub lists them. */
  assignees: Generated<string>;
  comments: Generated<number>;
  locked: Generated<number>;
  html_url: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** 'deleted' | 'transferred' once reconciliation finds it gone from the repository. */
  gone: string | null;
  gone_at: string | null;
  moved_to: string | null;
  /** When the pull-request-only fields last came from /pulls (null: not yet). */
  pull_fetched_at: string | null;
  /** Issues: linked pull requests that are open, draft or merged. Pulls: issues it closes. */
  linked_count: Generated<number>;
  /** Pulls: where the current links came from ('text' | 'graphql'), and the grammar that made text links. */
  links_source: string | null;
  links_grammar: number | null;
  /** 1 when GitHub's own link answer (GraphQL) must be fetched again. */
  graphql_due: Generated<number>;
  synced_at: string;
  /** The author's GitHub user id (digits); null until a fetch that carries it. */
  author_id: string | null;
  /** Pulls: the head and base commits /pulls last reported. */
  head_sha: string | null;
  base_sha: string | null;
}

export interface ItemLabelsTable {
  item_id: number;
  label_key: string;
}

export interface LinksTable {
  pull_id: number;
  issue_repo_key: string;
  issue_repo: string;
  issue_number: number;
  /** 'text' (derived from the description) | 'graphql' (GitHub's closingIssuesReferences) */
  source: string;
  created_at: string;
}

export interface SyncStateTable {
  repo_id: number;
  issues_watermark: string | null;
  pulls_watermark: string | null;
  repo_etag: string | null;
  issues_etag: string | null;
  pulls_etag: string | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  consecutive_failures: Generated<number>;
  requests_total: Generated<number>;
  quota_total: Generated<number>;
  last_pass_requests: Generated<number>;
  last_pass_quota: Generated<number>;
  last_pass_ms: number | null;
  /** JSON {kind: {requests, quota, not_modified, points}} of the last pass, and summed over all (migration 0009). */
  last_pass_kinds: Generated<string>;
  kinds_total: Generated<string>;
  /** What the last incremental pass (one that started from a watermark) cost; null until one ran. */
  steady_pass_quota: number | null;
  /** Passes run, passes failed, and their summed duration: counters for /metrics. */
  passes_total: Generated<number>;
  failures_total: Generated<number>;
  pass_ms_total: Generated<number>;
  issues_open: Generated<number>;
  issues_total: Generated<number>;
  issues_open_unlinked: Generated<number>;
  pulls_open: Generated<number>;
  pulls_total: Generated<number>;
  /** Bumped by every commit that changes this repository's items or links: feeds ETags. */
  data_version: Generated<number>;
  reconciled_at: string | null;
  next_due_at: string | null;
  relink_grammar: number | null;
  relink_cursor: number | null;
  relink_done_at: string | null;
  /** JSON {next, high}: where an interrupted /pulls walk resumes. */
  pulls_resume: string | null;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** At most one queued or running job per key (e.g. `sync:owner/name`). */
  key: string;
  payload: Generated<string>;
  state: 'queued' | 'running' | 'done' | 'failed';
  priority: Generated<number>;
  run_after: string;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  /** Epoch milliseconds; a running job whose lease passed is taken over by another worker. */
  locked_until: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface ChangesTable {
  id: Generated<number>;
  repo_id: number;
  item_id: number;
  number: number;
  is_pull: number;
  kind: 'created' | 'updated' | 'gone';
  at: string;
}

/** Changes to stored titles and bodies per repository, kept by triggers (migration 0015): the search index's version. */
export interface SearchTextVersionsTable {
  repo_id: number;
  version: number;
}

export interface GithubQuotaTable {
  /** A stable label such as `token-1`: never the token. */
  token_label: string;
  resource: string;
  limit: number;
  remaining: number;
  reset_at: string;
  updated_at: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface MigrationsTable {
  name: string;
  applied_at: string;
}

/** Every table; the subnet's own data is declared in subnet.schema.ts, scoring facts in scoring.schema.ts. */
export interface DB extends SubnetTables, ScoringTables {
  repos: ReposTable;
  master_list: MasterListTable;
  items: ItemsTable;
  item_labels: ItemLabelsTable;
  links: LinksTable;
  sync_state: SyncStateTable;
  jobs: JobsTable;
  changes: ChangesTable;
  search_text_versions: SearchTextVersionsTable;
  github_quota: GithubQuotaTable;
  meta: MetaTable;
  hub_migrations: MigrationsTable;
}

export type RepoRow = Selectable<ReposTable>;
export type ItemRow = Selectable<ItemsTable>;
export type NewItem = Insertable<ItemsTable>;
export type ItemUpdate = Updateable<ItemsTable>;
export type LinkRow = Selectable<LinksTable>;
export type SyncStateRow = Selectable<SyncStateTable>;
export type JobRow = Selectable<JobsTable>;
