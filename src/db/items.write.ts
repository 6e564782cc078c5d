import { sql, type Kysely, type Transaction } from 'kysely';
import { closingRefs, GRAMMAR_VERSION, type ClosingRef } from '../core/closing-refs.ts';
import { issueStatus, pullStatus } from '../core/states.ts';
import type { GithubIssue, GithubPull } from '../github/schemas.ts';
import type { DB, ItemsTable } from './schema.ts';
import { bumpVersions, refreshLinkCounts, replaceLinks, type LinkTarget } from './links.write.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** What ingest needs to know about the repository the items belong to. */
export interface RepoContext {
  id: number;
  fullName: string;
  key: string;
  defaultBranch: string | null;
  /** Lower-case key → display name of every tracked repository, to store link targets in canonical case. */
  trackedNames: ReadonlyMap<string, string>;
}

export interface IngestResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Pull requests whose data moved: candidates for GitHub's own link answer (GraphQL). */
  changedPulls: number[];
}

// PostgreSQL text rejects NUL, and no reader wants it.
const stripNul = (s: string): string => (s.includes('\u0000') ? s.replaceAll('\u0000', '') : s);

type Common = Pick<
  ItemsTable,
  'number' | 'is_pull' | 'github_id' | 'node_id' | 'title' | 'body' | 'state' | 'state_reason' | 'author' | 'author_key' | 'author_association' | 'html_url' | 'created_at' | 'updated_at' | 'closed_at'
> & { labels: string; locked: number };

function labelsJson(labels: GithubIssue['labels']): { json: string; keys: string[] } {
  const list = labels
    .map((l) => (typeof l === 'string' ? { name: l, color: null, description: null } : { name: l.name ?? '', color: l.color ?? null, description: l.description ?? null }))
    .filter((l) => l.name !== '')
    .map((l) => ({ ...l, name: stripNul(l.name) }));
  return { json: JSON.stringify(list), keys: [...new Set(list.map((l) => l.name.toLowerCase()))] };
}

function commonFields(src: GithubIssue | (GithubPull & Partial<GithubIssue>), isPull: boolean): Common {
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
    author_association: src.author_association ?? null,
    html_url: src.html_url ?? null,
    created_at: normalizeTime(src.created_at!),
    updated_at: normalizeTime(src.updated_at),
    closed_at: src.closed_at ? normalizeTime(src.closed_at) : null,
    labels: labelsJson(src.labels ?? []).json,
    locked: src.locked ? 1 : 0,
  };
}

function normalizeTime(v: string): string {
  return new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface Existing {
  id: number;
  number: number;
  is_pull: number;
  updated_at: string;
  body: string | null;
  base_ref: string | null;
  status: string;
  draft: number;
  merged: number;
  links_source: string | null;
  links_grammar: number | null;
  pull_fetched_at: string | null;
}

async function loadExisting(db: Db, repoId: number, numbers: number[]): Promise<Map<number, Existing>> {
  if (numbers.length === 0) return new Map();
  const rows = await db
    .selectFrom('items')
    .select(['id', 'number', 'is_pull', 'updated_at', 'body', 'base_ref', 'status', 'draft', 'merged', 'links_source', 'links_grammar', 'pull_fetched_at'])
    .where('repo_id', '=', repoId)
    .where('number', 'in', numbers)
    .execute();
  return new Map(rows.map((r) => [r.number, r]));
}

async function setLabels(db: Db, itemId: number, labels: string): Promise<void> {
  await db.deleteFrom('item_labels').where('item_id', '=', itemId).execute();
  const keys = [...new Set((JSON.parse(labels) as { name: string }[]).map((l) => l.name.toLowerCase()))];
  if (keys.length) await db.insertInto('item_labels').values(keys.map((label_key) => ({ item_id: itemId, label_key }))).execute();
}

/** Text links of a pull request as GitHub would derive them from its description. */
export function textLinksFor(repo: RepoContext, pull: { body: string | null; base_ref: string | null }): ClosingRef[] {
  return closingRefs({ repo: repo.fullName, body: pull.body, baseRef: pull.base_ref, defaultBranch: repo.defaultBranch });
}

/**
 * Writes one page of `/issues` answers (issues and pull requests). Idempotent:
 * an item already stored at the same or a newer `updated_at` is left alone, so
 * the page GitHub repeats at the `since` boundary changes nothing. A pull
 * request's text links are re-derived in the same transaction whenever its
 * description could have changed them, replacing the previous ones.
 */
export async function ingestIssues(db: Db, repo: RepoContext, issues: GithubIssue[], now: string): Promise<IngestResult> {
  const result: IngestResult = { created: 0, updated: 0, unchanged: 0, changedPulls: [] };
  const existing = await loadExisting(db, repo.id, issues.map((i) => i.number));
  const targets: LinkTarget[] = [];
  const pullIds: number[] = [];

  for (const issue of issues) {
    const isPull = issue.pull_request !== undefined;
    const fields = commonFields(issue, isPull);
    const old = existing.get(issue.number);
    if (old && old.updated_at > fields.updated_at) {
      result.unchanged++;
      continue;
    }
    const merged = isPull ? Boolean(issue.pull_request?.merged_at) || old?.merged === 1 : false;
    const draft = isPull ? (issue.draft ?? old?.draft === 1) : false;
    const status = isPull ? pullStatus(issue.state, merged, draft) : issueStatus(issue.state, issue.state_reason);
    const row = {
      ...fields,
      status,
      draft: draft ? 1 : 0,
      merged: merged ? 1 : 0,
      merged_at: isPull && issue.pull_request?.merged_at ? normalizeTime(issue.pull_request.merged_at) : null,
      comments: issue.comments,
      graphql_due: isPull ? 1 : 0,
      synced_at: now,
      gone: null,
      gone_at: null,
      moved_to: null,
    };

    let id: number;
    if (!old) {
      id = (await db.insertInto('items').values({ ...row, repo_id: repo.id }).returning('id').executeTakeFirstOrThrow()).id;
      result.created++;
    } else {
      if (old.updated_at === fields.updated_at && old.status === status) {
        result.unchanged++;
        continue;
      }
      id = old.id;
      await db.updateTable('items').set(row).where('id', '=', id).execute();
      result.updated++;
    }
    await setLabels(db, id, row.labels);
    await db.insertInto('changes').values({ repo_id: repo.id, item_id: id, number: issue.number, is_pull: isPull ? 1 : 0, kind: old ? 'updated' : 'created', at: now }).execute();

    if (isPull) {
      result.changedPulls.push(issue.number);
      pullIds.push(id);
      const bodyChanged = !old || old.body !== row.body;
      const stale = old?.links_grammar !== GRAMMAR_VERSION && old?.links_source !== 'graphql';
      if (bodyChanged || stale) {
        targets.push(...(await replaceLinks(db, id, textLinksFor(repo, { body: row.body, base_ref: old?.base_ref ?? null }), 'text', repo.trackedNames, now)));
        await db.updateTable('items').set({ links_source: 'text', links_grammar: GRAMMAR_VERSION }).where('id', '=', id).execute();
      }
      if (old?.status !== status) targets.push(...(await linkTargetsOf(db, id)));
    } else if (!old) {
      targets.push({ repoKey: repo.key, number: issue.number });
    }
  }
  await refreshLinkCounts(db, targets, pullIds);
  await bumpVersions(db, [repo.key, ...targets.map((t) => t.repoKey)]);
  return result;
}

/**
 * Writes one page of `/pulls` answers: the fields only that endpoint has (base
 * and head refs, draft, merged). A pull request not yet stored is inserted whole
 * from this answer. A base-branch change re-derives the text links, since keywords
 * count only against the default branch.
 */
export async function ingestPulls(db: Db, repo: RepoContext, pulls: GithubPull[], now: string): Promise<IngestResult> {
  const result: IngestResult = { created: 0, updated: 0, unchanged: 0, changedPulls: [] };
  const existing = await loadExisting(db, repo.id, pulls.map((p) => p.number));
  const targets: LinkTarget[] = [];
  const pullIds: number[] = [];

  for (const pull of pulls) {
    const updatedAt = normalizeTime(pull.updated_at);
    const old = existing.get(pull.number);
    if (old && old.pull_fetched_at !== null && old.pull_fetched_at >= updatedAt) {
      result.unchanged++;
      continue;
    }
    const merged = Boolean(pull.merged_at);
    const draft = Boolean(pull.draft);
    const prFields = {
      draft: draft ? 1 : 0,
      merged: merged ? 1 : 0,
      merged_at: pull.merged_at ? normalizeTime(pull.merged_at) : null,
      base_ref: pull.base.ref,
      head_ref: pull.head.ref,
      head_repo: pull.head.repo?.full_name ?? null,
      pull_fetched_at: updatedAt,
      graphql_due: 1,
    };
    let id: number;
    let body: string | null;
    if (!old) {
      const fields = commonFields(pull as GithubPull & Partial<GithubIssue>, true);
      body = fields.body;
      const row = { ...fields, ...prFields, status: pullStatus(pull.state, merged, draft), comments: 0, synced_at: now, repo_id: repo.id };
      id = (await db.insertInto('items').values(row).returning('id').executeTakeFirstOrThrow()).id;
      await setLabels(db, id, fields.labels);
      await db.insertInto('changes').values({ repo_id: repo.id, item_id: id, number: pull.number, is_pull: 1, kind: 'created', at: now }).execute();
      result.created++;
    } else {
      id = old.id;
      body = old.body;
      // The /issues answer may be newer than this one for the common fields; only
      // the pull-request fields (and the state they imply) come from here.
      const status = old.updated_at > updatedAt ? old.status : pullStatus(pull.state, merged, draft);
      await db.updateTable('items').set({ ...prFields, status }).where('id', '=', id).execute();
      if (status !== old.status) targets.push(...(await linkTargetsOf(db, id)));
      result.updated++;
    }
    pullIds.push(id);
    result.changedPulls.push(pull.number);
    if (!old || old.base_ref !== prFields.base_ref) {
      targets.push(...(await replaceLinks(db, id, textLinksFor(repo, { body, base_ref: prFields.base_ref }), 'text', repo.trackedNames, now)));
      await db.updateTable('items').set({ links_source: 'text', links_grammar: GRAMMAR_VERSION }).where('id', '=', id).execute();
    }
  }
  await refreshLinkCounts(db, targets, pullIds);
  await bumpVersions(db, [repo.key, ...targets.map((t) => t.repoKey)]);
  return result;
}

async function linkTargetsOf(db: Db, pullId: number): Promise<LinkTarget[]> {
  const rows = await db.selectFrom('links').select(['issue_repo_key', 'issue_number']).where('pull_id', '=', pullId).execute();
  return rows.map((r) => ({ repoKey: r.issue_repo_key, number: r.issue_number }));
}

/** Marks an item deleted (410) or transferred (301) so it never looks open again. */
export async function markGone(db: Db, repo: RepoContext, number: number, how: 'deleted' | 'transferred', movedTo: string | null, now: string): Promise<void> {
  const row = await db.selectFrom('items').select(['id', 'is_pull']).where('repo_id', '=', repo.id).where('number', '=', number).executeTakeFirst();
  if (!row) return;
  await db.updateTable('items').set({ gone: how, gone_at: now, moved_to: movedTo, state: 'closed', status: 'closed' }).where('id', '=', row.id).execute();
  await db.insertInto('changes').values({ repo_id: repo.id, item_id: row.id, number, is_pull: row.is_pull, kind: 'gone', at: now }).execute();
  const targets = row.is_pull ? await linkTargetsOf(db, row.id) : [{ repoKey: repo.key, number }];
  await refreshLinkCounts(db, targets, row.is_pull ? [row.id] : []);
  await bumpVersions(db, [repo.key, ...targets.map((t) => t.repoKey)]);
}

/** Recomputes a repository's denormalised counts (served by /api/repos without counting rows). */
export async function refreshRepoCounts(db: Db, repoId: number): Promise<void> {
  await sql`
    UPDATE sync_state SET
      issues_total = (SELECT count(*) FROM items WHERE repo_id = ${repoId} AND is_pull = 0 AND gone IS NULL),
      issues_open = (SELECT count(*) FROM items WHERE repo_id = ${repoId} AND is_pull = 0 AND status = 'open' AND gone IS NULL),
      issues_open_unlinked = (SELECT count(*) FROM items WHERE repo_id = ${repoId} AND is_pull = 0 AND status = 'open' AND linked_count = 0 AND gone IS NULL),
      pulls_total = (SELECT count(*) FROM items WHERE repo_id = ${repoId} AND is_pull = 1 AND gone IS NULL),
      pulls_open = (SELECT count(*) FROM items WHERE repo_id = ${repoId} AND is_pull = 1 AND status IN ('open', 'draft') AND gone IS NULL)
    WHERE repo_id = ${repoId}`.execute(db);
}
