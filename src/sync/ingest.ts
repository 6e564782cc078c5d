import { closingRefs, GRAMMAR_VERSION, type ClosingRef } from '../core/closing-refs.ts';
import { issueStatus, pullStatus } from '../core/states.ts';
import { toGithubTime } from '../core/time.ts';
import { storedItems, updatePulls, upsertItems, type ChangeKind, type ItemWrite, type StoredItem } from '../db/items.write.ts';
import { applyLinkUpdate, type LinkSet, type PendingLinkCounts } from '../db/links.write.ts';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { GithubIssue, GithubPull } from '../github/schemas.ts';

/** What ingest needs to know about the repository the items belong to. */
type Db = Kysely<DB> | Transaction<DB>;

export interface RepoContext {
  id: number;
  fullName: string;
  key: string;
  defaultBranch: string | null;
  /** Lower-case key → display name of every tracked repository, to store link targets in canonical case. */
  trackedNames: ReadonlyMap<string, string>;
  /** The GitHub web URL (`config.githubWebUrl`): full issue URLs on its host count. Default github.com. */
  webUrl?: string;
}

export interface IngestResult {
  created: number;
  updated: number;
  unchanged: number;
}

// PostgreSQL text rejects NUL, and no reader wants it.
const stripNul = (s: string): string => (s.includes('\u0000') ? s.replaceAll('\u0000', '') : s);
const time = (v: string) => toGithubTime(Date.parse(v));

function labelsJson(labels: GithubIssue['labels'] | undefined): string {
  const list = (labels ?? [])
    .map((l) => (typeof l === 'string' ? { name: l, color: null, description: null } : { name: l.name ?? '', color: l.color ?? null, description: l.description ?? null }))
    .filter((l) => l.name !== '')
    .map((l) => ({ ...l, name: stripNul(l.name) }));
  return JSON.stringify(list);
}

/** The assignees' logins; GitHub sends `assignees` on issues and pull requests alike. */
function assigneesJson(src: { assignees?: unknown }): string {
  const list = Array.isArray(src.assignees) ? src.assignees : [];
  const logins = list.map((u) => (u && typeof u === 'object' && typeof (u as { login?: unknown }).login === 'string' ? stripNul((u as { login: string }).login) : '')).filter(Boolean);
  return JSON.stringify(logins);
}

type Source = GithubIssue | (GithubPull & Partial<GithubIssue>);

function commonFields(src: Source, isPull: boolean) {
  const login = src.user?.login ?? null;
  return {
    number: src.number,
    is_pull: isPull ? 1 : 0,
    github_id: src.id === undefined ? null : Number(src.id),
    node_id: src.node_id ?? null,
    title: stripNul(src.title ?? ''),
    body: src.body == null ? null : stripNul(src.body),
    state: src.state,
    state_reason: isPull ? null : (src.state_reason ?? null),
    author: login,
    author_key: login?.toLowerCase() ?? null,
    // GitHub's user id (digits): logins change, ids do not.
    author_id: src.user?.id == null ? null : String(src.user.id),
    author_association: src.author_association ?? null,
    html_url: src.html_url ?? null,
    created_at: time(src.created_at ?? src.updated_at),
    updated_at: time(src.updated_at),
    closed_at: src.closed_at ? time(src.closed_at) : null,
    labels: labelsJson(src.labels),
    assignees: assigneesJson(src as { assignees?: unknown }),
    locked: src.locked ? 1 : 0,
  };
}

/**
 * Text links of a pull request as GitHub would derive them from its description.
 * Keywords count only against the default branch, and `/issues` does not tell a
 * pull request's base: until `/pulls` or the GraphQL answer has, there are none
 * (a false link is worse than a missing one, and the base arriving brings them).
 */
export function textLinksFor(repo: RepoContext, pull: { body: string | null; base_ref: string | null; html_url?: string | null }): ClosingRef[] {
  if (pull.base_ref === null) return [];
  return closingRefs({ repo: repo.fullName, body: pull.body, baseRef: pull.base_ref, defaultBranch: repo.defaultBranch }, { webHosts: webHostsFor(repo.webUrl, pull.html_url) });
}

/**
 * Hosts whose full issue URLs are references: the configured web host (a GitHub
 * Enterprise host, say), and the host GitHub itself gave the pull request's page,
 * so a job started without the setting still agrees with GitHub.
 */
export function webHostsFor(webUrl: string | undefined, htmlUrl: string | null | undefined): string[] {
  const hosts = new Set([hostOf(webUrl) ?? 'github.com']);
  const own = hostOf(htmlUrl);
  if (own) hosts.add(own);
  return [...hosts];
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** Latest version of each number in an answer (a page may repeat one). */
function latest<T extends { number: number; updated_at: string }>(items: readonly T[]): T[] {
  const m = new Map<number, T>();
  for (const i of items) {
    const had = m.get(i.number);
    if (!had || time(i.updated_at) >= time(had.updated_at)) m.set(i.number, i);
  }
  return [...m.values()];
}

/**
 * Writes one page of `/issues` answers (issues and pull requests). Idempotent:
 * an item already stored at the same or a newer `updated_at` is left alone, so
 * the page GitHub repeats at the `since` boundary changes nothing. A pull
 * request's text links are re-derived in the same transaction whenever its
 * description could have changed them, replacing the previous ones. With
 * `pending`, the link counts and data versions are left for the caller to
 * refresh once before its transaction commits.
 */
export async function ingestIssues(db: Db, repo: RepoContext, issues: readonly GithubIssue[], now: string, pending?: PendingLinkCounts): Promise<IngestResult> {
  const result: IngestResult = { created: 0, updated: 0, unchanged: 0 };
  const incoming = latest(issues);
  const existing = await storedItems(db, repo.id, incoming.map((i) => i.number));
  const rows: ItemWrite[] = [];
  for (const issue of incoming) {
    const isPull = issue.pull_request !== undefined;
    const fields = commonFields(issue, isPull);
    const old = existing.get(issue.number);
    const merged = isPull ? Boolean(issue.pull_request?.merged_at) || old?.merged === 1 : false;
    const draft = isPull ? (issue.draft ?? old?.draft === 1) : false;
    const status = isPull ? pullStatus(issue.state, merged, draft) : issueStatus(issue.state, issue.state_reason);
    // GitHub's timestamps have one-second resolution: two edits within a second share
    // updated_at, so an equal timestamp is "unchanged" only if the content is too.
    const same =
      old !== undefined &&
      old.updated_at === fields.updated_at &&
      old.status === status &&
      old.title === fields.title &&
      old.body === fields.body &&
      old.labels === fields.labels &&
      old.comments === issue.comments &&
      old.state_reason === fields.state_reason &&
      old.closed_at === fields.closed_at;
    if (old && (old.updated_at > fields.updated_at || same)) {
      result.unchanged++;
      continue;
    }
    if (old) result.updated++;
    else result.created++;
    rows.push({
      ...fields,
      status,
      draft: draft ? 1 : 0,
      merged: merged ? 1 : 0,
      merged_at: isPull && issue.pull_request?.merged_at ? time(issue.pull_request.merged_at) : null,
      comments: issue.comments,
      graphql_due: isPull ? 1 : 0,
      synced_at: now,
      gone: null,
      gone_at: null,
      moved_to: null,
    });
  }
  if (rows.length === 0) return result;
  // A pull request is announced once, complete: by the step that first tells its base and
  // draft state (/pulls, or the GraphQL answer), not here and then again there.
  const isPull = new Map(rows.map((r) => [r.number, r.is_pull === 1]));
  const sameText = new Set(rows.filter((r) => existing.get(r.number)?.title === r.title && existing.get(r.number)?.body === r.body).map((r) => r.number));
  const ids = await upsertItems(db, repo.id, rows, (n) => {
    const old = existing.get(n);
    if (isPull.get(n) && (!old || old.pull_fetched_at === null)) return null;
    return old ? 'updated' : 'created';
  }, now, (n) => sameText.has(n));

  const sets: LinkSet[] = [];
  const statusMoved: number[] = [];
  const pullIds: number[] = [];
  const newIssues: { repoKey: string; number: number }[] = [];
  for (const row of rows) {
    const id = ids.get(row.number)!;
    const old = existing.get(row.number);
    if (!row.is_pull) {
      if (!old) newIssues.push({ repoKey: repo.key, number: row.number });
      continue;
    }
    pullIds.push(id);
    const bodyChanged = !old || old.body !== row.body;
    const stale = old !== undefined && old.links_grammar !== GRAMMAR_VERSION && old.links_source !== 'graphql';
    if (bodyChanged || stale) sets.push({ pullId: id, refs: textLinksFor(repo, { body: row.body ?? null, base_ref: old?.base_ref ?? null, html_url: row.html_url }), source: 'text' });
    if (old && old.status !== row.status) statusMoved.push(id);
  }
  await applyLinkUpdate(db, { repoKey: repo.key, sets, statusMoved, newIssues, pullIds, dataChanged: true, trackedNames: repo.trackedNames, now }, pending);
  return result;
}

/**
 * The event a pull request's own fields make of a stored one (from `/pulls`, or
 * from GitHub's link answer: graphql.step.ts): `created` when the
 * `/issues` step stored it unannounced; `updated` only when it moves what a reader
 * sees beyond what `/issues` already told (a merge arrives from both: one event).
 */
export function pullChange(old: StoredItem, set: Partial<ItemWrite>): ChangeKind | null {
  if (old.pull_fetched_at === null) return 'created';
  const moved = old.status !== set.status || old.draft !== set.draft || old.merged !== set.merged || old.base_ref !== set.base_ref;
  return moved ? 'updated' : null;
}

/**
 * Writes one page of `/pulls` answers: the fields only that endpoint has (base
 * and head refs, draft, merged). A pull request not yet stored is inserted whole
 * from this answer. A base-branch change re-derives the text links, since keywords
 * count only against the default branch.
 */
export async function ingestPulls(db: Db, repo: RepoContext, pulls: readonly GithubPull[], now: string, pending?: PendingLinkCounts): Promise<IngestResult> {
  const result: IngestResult = { created: 0, updated: 0, unchanged: 0 };
  const incoming = latest(pulls);
  const existing = await storedItems(db, repo.id, incoming.map((p) => p.number));
  const fresh: ItemWrite[] = [];
  const known: { old: StoredItem; row: ItemWrite }[] = [];
  for (const pull of incoming) {
    const updatedAt = time(pull.updated_at);
    const old = existing.get(pull.number);
    if (old && old.pull_fetched_at !== null && old.pull_fetched_at >= updatedAt) {
      result.unchanged++;
      continue;
    }
    const merged = Boolean(pull.merged_at);
    const draft = Boolean(pull.draft);
    const prFields = {
      number: pull.number,
      draft: draft ? 1 : 0,
      merged: merged ? 1 : 0,
      merged_at: pull.merged_at ? time(pull.merged_at) : null,
      base_ref: pull.base.ref,
      head_ref: pull.head.ref,
      head_repo: pull.head.repo?.full_name ?? null,
      // The commits token scores are computed at (token-scores.job.ts).
      head_sha: pull.head.sha ?? null,
      base_sha: pull.base.sha ?? null,
      pull_fetched_at: updatedAt,
      graphql_due: 1,
    };
    if (!old) {
      fresh.push({ ...commonFields(pull as Source, true), ...prFields, status: pullStatus(pull.state, merged, draft), comments: 0, synced_at: now });
      result.created++;
    } else {
      // The /issues answer may be newer than this one for the common fields; only
      // the pull-request fields (and the state they imply) come from here.
      known.push({ old, row: { ...prFields, status: old.updated_at > updatedAt ? old.status : pullStatus(pull.state, merged, draft) } as ItemWrite });
      result.updated++;
    }
  }
  const ids = fresh.length ? await upsertItems(db, repo.id, fresh, () => 'created', now) : new Map<number, number>();
  await updatePulls(db, repo.id, known.map(({ old, row: { number, ...set } }) => ({ id: old.id, number, kind: pullChange(old, set), set })), now);
  for (const { old } of known) ids.set(old.number, old.id);

  const sets: LinkSet[] = [];
  const statusMoved: number[] = [];
  for (const row of [...fresh, ...known.map((k) => k.row)]) {
    const old = existing.get(row.number);
    const id = ids.get(row.number)!;
    if (!old || old.base_ref !== row.base_ref) {
      sets.push({ pullId: id, refs: textLinksFor(repo, { body: old ? old.body : (row.body ?? null), base_ref: row.base_ref ?? null, html_url: old ? old.html_url : row.html_url }), source: 'text' });
    }
    if (old && old.status !== row.status) statusMoved.push(id);
  }
  await applyLinkUpdate(db, { repoKey: repo.key, sets, statusMoved, pullIds: [...ids.values()], dataChanged: true, trackedNames: repo.trackedNames, now }, pending);
  return result;
}
