import type { z } from 'zod';
import { redactString } from '../config/redact.ts';
import { GRAMMAR_VERSION } from '../core/closing-refs.ts';
import type { IssueStatus, PullStatus } from '../core/states.ts';
import type { ListRow } from '../db/item-list.queries.ts';
import type { LinkedPullRow } from '../db/issues.queries.ts';
import type { ClosingIssueRow } from '../db/pulls.queries.ts';
import { MARK_END, MARK_START } from '../db/search.queries.ts';
import type { RepoStatusRow } from '../db/status.queries.ts';
import { parseKinds } from '../db/sync-state.write.ts';
import type { Config } from '../config/config.ts';
import type { SubnetDataFreshness } from '../core/subnet-freshness.ts';
import type { HubBreakdown, OfficialBreakdown } from '../core/subnet/drift.ts';
import type { ScoreDriftRow } from '../db/subnet.schema.ts';
import type { driftSchema, issueSchema, pullSchema, repoBaseSchema, repoSyncSchema, subnetFreshnessSchema } from './schemas.ts';

/** Rows never leave as they are: these mappers make the API's shapes (snake_case, as GitHub). */

type Issue = z.output<typeof issueSchema>;
type Pull = z.output<typeof pullSchema>;
type Label = { name: string; color: string | null; description: string | null };

function labelsOf(json: string): Label[] {
  try {
    const parsed = JSON.parse(json) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.map((l: Partial<Label>) => ({ name: String(l.name ?? ''), color: l.color ?? null, description: l.description ?? null }));
  } catch {
    return [];
  }
}

function loginsOf(json: string): string[] {
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? parsed.filter((l): l is string => typeof l === 'string') : [];
  } catch {
    return [];
  }
}

const gone = (v: string | null): 'deleted' | 'transferred' | null => (v === 'deleted' || v === 'transferred' ? v : null);
const openClosed = (v: string) => (v === 'open' ? 'open' : 'closed') as 'open' | 'closed';

function common(row: ListRow, repo: string) {
  return {
    repo,
    number: row.number,
    title: row.title,
    state: openClosed(row.state),
    state_reason: row.state_reason,
    author: row.author,
    author_association: row.author_association,
    labels: labelsOf(row.labels),
    assignees: loginsOf(row.assignees),
    comments: row.comments,
    created_at: row.created_at,
    updated_at: row.updated_at,
    closed_at: row.closed_at,
    html_url: row.html_url,
    gone: gone(row.gone),
  };
}

/** An issue with the pull requests that close it (a preview in lists, all of them in the detail). */
export function presentIssue(row: ListRow, repo: string, links: readonly LinkedPullRow[]): Issue {
  return { ...common(row, repo), status: row.status as IssueStatus, linked_pulls_count: row.linked_count, linked_pulls: links.map(presentLinkedPull) };
}

export function presentPull(row: ListRow, repo: string, links: readonly ClosingIssueRow[]): Pull {
  return {
    ...common(row, repo),
    status: row.status as PullStatus,
    draft: row.draft === 1,
    merged: row.merged === 1,
    merged_at: row.merged_at,
    base_ref: row.base_ref,
    head_ref: row.head_ref,
    head_repo: row.head_repo,
    closing_issues_count: row.linked_count,
    closing_issues: links.map(presentClosingIssue),
  };
}

export function presentLinkedPull(row: LinkedPullRow) {
  return {
    repo: row.repo,
    number: row.number,
    state: openClosed(row.state),
    status: row.status as PullStatus,
    merged: row.merged === 1,
    draft: row.draft === 1,
    title: row.title,
    author: row.author,
    source: row.source === 'graphql' ? ('graphql' as const) : ('text' as const),
  };
}

export function presentClosingIssue(row: ClosingIssueRow) {
  const tracked = row.tracked === 1;
  return {
    repo: row.repo,
    number: row.number,
    state: tracked && row.state ? openClosed(row.state) : null,
    status: tracked && row.status ? (row.status as IssueStatus) : null,
    title: tracked ? row.title : null,
    tracked,
    source: row.source === 'graphql' ? ('graphql' as const) : ('text' as const),
  };
}

/** Splits text carrying FTS5 match markers into plain-text pieces: the page never receives markup from a body. */
export function segments(marked: string): { text: string; match: boolean }[] {
  const out: { text: string; match: boolean }[] = [];
  let match = false;
  let text = '';
  for (const ch of marked) {
    if (ch === MARK_START || ch === MARK_END) {
      if (text) out.push({ text, match });
      text = '';
      match = ch === MARK_START;
    } else text += ch;
  }
  if (text) out.push({ text, match });
  return out;
}

function syncState(row: RepoStatusRow, now: number, targetSeconds: number): 'never' | 'ok' | 'stale' | 'failing' {
  if (row.consecutive_failures > 0 && row.last_error) return 'failing';
  if (!row.last_success_at) return 'never';
  return ageSeconds(row.last_success_at, now)! > targetSeconds ? 'stale' : 'ok';
}

function ageSeconds(at: string | null, now: number): number | null {
  if (!at) return null;
  const t = Date.parse(at);
  return Number.isNaN(t) ? null : Math.max(0, Math.round((now - t) / 1000));
}

const errorText = (v: string | null) => (v === null ? null : redactString(v).slice(0, 500));

/** The denormalised counts a repository answer carries (kept in sync_state by the worker). */
function repoCounts(row: RepoStatusRow) {
  return { issues_open: row.issues_open, issues_open_unlinked: row.issues_open_unlinked, issues_total: row.issues_total, pulls_open: row.pulls_open, pulls_total: row.pulls_total };
}

/** `webUrl`: where items are opened (GITHUB_WEB_URL; a GitHub Enterprise host when the API is one). */
export function presentRepo(row: RepoStatusRow, now: number, targetSeconds: number, webUrl: string): z.output<typeof repoBaseSchema> {
  return {
    full_name: row.full_name,
    owner: row.owner,
    name: row.name,
    html_url: `${webUrl}/${row.full_name}`,
    weight: row.weight,
    active: row.active === 1,
    operator_added: row.operator_added === 1,
    archived: row.archived === 1,
    default_branch: row.default_branch,
    ...repoCounts(row),
    sync: {
      state: syncState(row, now, targetSeconds),
      last_attempt_at: row.last_attempt_at,
      last_success_at: row.last_success_at,
      last_error: errorText(row.last_error),
      last_error_at: row.last_error_at,
      consecutive_failures: row.consecutive_failures,
      next_due_at: row.next_due_at,
    },
  };
}

export function presentRepoSync(row: RepoStatusRow, now: number, hot: boolean, targetSeconds: number): z.output<typeof repoSyncSchema> {
  const age = ageSeconds(row.last_success_at, now);
  return {
    repo: row.full_name,
    active: row.active === 1,
    hot,
    target_seconds: targetSeconds,
    age_seconds: age,
    lag_seconds: age === null ? null : Math.max(0, age - targetSeconds),
    last_attempt_at: row.last_attempt_at,
    last_success_at: row.last_success_at,
    last_error: errorText(row.last_error),
    last_error_at: row.last_error_at,
    consecutive_failures: row.consecutive_failures,
    next_due_at: row.next_due_at,
    reconciled_at: row.reconciled_at,
    issues_watermark: row.issues_watermark,
    pulls_watermark: row.pulls_watermark,
    counts: repoCounts(row),
    requests_total: row.requests_total,
    quota_total: row.quota_total,
    last_pass: { requests: row.last_pass_requests, quota: row.last_pass_quota, ms: row.last_pass_ms, by_kind: kindCosts(row.last_pass_kinds) },
    by_kind_total: kindCosts(row.kinds_total),
    data_version: row.data_version,
    relink: {
      grammar: row.relink_grammar,
      current_grammar: GRAMMAR_VERSION,
      cursor: row.relink_cursor,
      done_at: row.relink_done_at,
      done: row.relink_grammar === GRAMMAR_VERSION,
    },
  };
}

/** Stored per-kind costs as a list, the costliest first. */
function kindCosts(json: string | null | undefined) {
  return Object.entries(parseKinds(json))
    .map(([kind, c]) => ({ kind, requests: c.requests ?? 0, quota: c.quota ?? 0, not_modified: c.not_modified ?? 0, points: c.points ?? 0 }))
    .sort((a, b) => b.quota - a.quota || b.requests - a.requests || a.kind.localeCompare(b.kind));
}

const SERVICE_URL = { api: 'apiUrl', mirror: 'mirrorUrl', alpha_price: 'alphaPriceUrl', tao_price: 'taoPriceUrl' } as const;

export function presentSubnetFreshness(f: SubnetDataFreshness, services: Config['services']): z.output<typeof subnetFreshnessSchema> {
  const url = services[SERVICE_URL[f.service]];
  return {
    name: f.name,
    service: f.service,
    host: url ? new URL(url).host : null,
    configured: f.configured,
    state: f.state,
    interval_seconds: f.intervalSeconds,
    source_count: f.sourceCount,
    never_count: f.neverCount,
    failing_count: f.failingCount,
    last_success_at: f.lastSuccessAt,
    age_seconds: f.ageSeconds,
    last_error: f.lastError === null ? null : redactString(f.lastError),
    last_error_at: f.lastErrorAt,
  };
}

type DriftItem = z.output<typeof driftSchema>['items'][number];

export function presentDriftRow(r: ScoreDriftRow): DriftItem {
  const o = JSON.parse(r.official) as OfficialBreakdown;
  const h = JSON.parse(r.hub) as HubBreakdown;
  const { tokenScore, ...official } = o;
  return {
    repo: r.repository,
    number: r.number,
    github_id: r.github_id,
    miner: r.login,
    fields: JSON.parse(r.fields) as DriftItem['fields'],
    official: { ...official, token_score: tokenScore },
    hub: h,
    official_at: r.official_at,
    hub_at: r.hub_at,
  };
}
