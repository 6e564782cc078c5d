/**
 * The JSON shapes of the hub's API as the page reads them, written by hand from
 * /api/openapi.json: the page reaches the server over HTTP only and shares no
 * code with it.
 */

export const ISSUE_STATUSES = ['open', 'completed', 'not_planned', 'duplicate', 'closed'] as const;
export const PULL_STATUSES = ['open', 'draft', 'merged', 'closed'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export type PullStatus = (typeof PULL_STATUSES)[number];
export type ItemKind = 'issue' | 'pull';

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface Label {
  name: string;
  color: string | null;
  description: string | null;
}

interface ItemCommon {
  /** owner/name */
  repo: string;
  number: number;
  title: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  author: string | null;
  author_association: string | null;
  labels: Label[];
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  html_url: string | null;
  gone: 'deleted' | 'transferred' | null;
}

export interface Issue extends ItemCommon {
  status: IssueStatus;
  linked_pulls_count: number;
  /** In lists the first three (claiming ones first); in the detail all of them. */
  linked_pulls: LinkedPull[];
}

export interface Pull extends ItemCommon {
  status: PullStatus;
  draft: boolean;
  merged: boolean;
  merged_at: string | null;
  base_ref: string | null;
  head_ref: string | null;
  head_repo: string | null;
  closing_issues_count: number;
  /** In lists the first three; in the detail all of them. */
  closing_issues: ClosingIssue[];
}

export type Item = Issue | Pull;

export interface LinkedPull {
  repo: string;
  number: number;
  state: 'open' | 'closed';
  status: PullStatus;
  merged: boolean;
  draft: boolean;
  title: string;
  author: string | null;
  source: 'text' | 'graphql';
}

export interface ClosingIssue {
  repo: string;
  number: number;
  state: 'open' | 'closed' | null;
  status: IssueStatus | null;
  title: string | null;
  /** false: the repository is not tracked, so state and title are unknown. */
  tracked: boolean;
  source: 'text' | 'graphql';
}

export interface IssueDetail extends Issue {
  body: string | null;
}

export interface PullDetail extends Pull {
  body: string | null;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Segment {
  text: string;
  match: boolean;
}

export type SearchHit =
  | { type: 'issue'; item: Issue; score: number; title_highlight: Segment[]; body_snippet: Segment[] }
  | { type: 'pull'; item: Pull; score: number; title_highlight: Segment[]; body_snippet: Segment[] };

export interface SearchPage extends Page<SearchHit> {
  truncated: boolean;
}

export type SyncState = 'never' | 'ok' | 'stale' | 'failing';

export interface Repo {
  full_name: string;
  owner: string;
  name: string;
  html_url: string;
  weight: number;
  active: boolean;
  operator_added: boolean;
  archived: boolean;
  default_branch: string | null;
  issues_open: number;
  issues_open_unlinked: number;
  issues_total: number;
  pulls_open: number;
  pulls_total: number;
  sync: {
    state: SyncState;
    last_attempt_at: string | null;
    last_success_at: string | null;
    last_error: string | null;
    last_error_at: string | null;
    consecutive_failures: number;
    next_due_at: string | null;
  };
}

export interface RepoSync {
  repo: string;
  active: boolean;
  hot: boolean;
  target_seconds: number;
  age_seconds: number | null;
  lag_seconds: number | null;
  last_success_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
}

export interface QuotaRow {
  token_label: string;
  resource: string;
  limit: number;
  remaining: number;
  reset_at: string;
  updated_at: string;
}

export interface SyncStatus {
  generated_at: string;
  freshness_seconds: number;
  hot_interval_seconds: number;
  repos: RepoSync[];
  quota: QuotaRow[];
}

export interface Health {
  ok: true;
  mode: 'live' | 'demo';
  version: string;
}

/** Data of a `change` event on /api/events. */
export interface ChangeEvent {
  id: number;
  repo: string;
  number: number;
  type: ItemKind;
  kind: 'created' | 'updated' | 'gone';
  at: string;
  /** The item as it reads now (null if it is no longer stored). */
  title: string | null;
  state: string | null;
  /** Pull requests: whether it merged; null for issues. */
  merged: boolean | null;
}
