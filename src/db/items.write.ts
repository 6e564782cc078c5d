import { sql, type Kysely, type Transaction } from 'kysely';
import { closingRefs, GRAMMAR_VERSION, type ClosingRef } from '../core/closing-refs.ts';
import { issueStatus, pullStatus } from '../core/states.ts';
import { toGithubTime } from '../core/time.ts';
import type { GithubIssue, GithubPull } from '../github/schemas.ts';
import { bumpVersions, linkTargetsOf, refreshLinkCounts, replaceLinksMany, type LinkSet, type LinkTarget } from './links.write.ts';
import type { DB, NewItem } from './schema.ts';

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
    author_association: src.author_association ?? null,
    html_url: src.html_url ?? null,
    created_at: time(src.created_at ?? src.updated_at),
    updated_at: time(src.updated_at),
    closed_at: src.closed_at ? time(src.closed_at) : null,
    labels: labelsJson(src.labels),
    locked: src.locked ? 1 : 0,
  };
}

interface Existing {
  id: number;
  number: number;
  updated_at: string;
  title: string;
  body: string | null;
  labels: string;
  comments: number;
  state_reason: string | null;
  closed_at: string | null;
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
    .select(['id', 'number', 'updated_at', 'title', 'body', 'labels', 'comments', 'state_reason', 'closed_at', 'base_ref', 'status', 'draft', 'merged', 'links_source', 'links_grammar', 'pull_fetched_at'])
    .where('repo_id', '=', repoId)
    .where('number', 'in', numbers)
    .execute();
  return new Map(rows.map((r) => [r.number, r]));
}

/** Text links of a pull request as GitHub would derive them from its description. */
export function textLinksFor(repo: RepoContext, pull: { body: string | null; base_ref: string | null }): ClosingRef[] {
  return closingRefs({ repo: repo.fullName, body: pull.body, baseRef: pull.base_ref, defaultBranch: repo.defaultBranch });
}

type Row = Omit<NewItem, 'repo_id'>;
const UPDATABLE: (keyof Row)[] = [
  'is_pull', 'github_id', 'node_id', 'title', 'body', 'state', 'state_reason', 'status', 'draft', 'merged', 'merged_at', 'base_ref', 'head_ref', 'head_repo',
  'author', 'author_key', 'author_association', 'labels', 'comments', 'locked', 'html_url', 'created_at', 'updated_at', 'closed_at', 'gone', 'gone_at', 'moved_to',
  'pull_fetched_at', 'graphql_due', 'synced_at',
];

/**
 * Writes a batch of rows in one statement per hundred, with their labels and
 * change events, and returns each row's id. Rows carry only the columns their
 * source knows; the others keep their stored values.
 */
async function upsertRows(db: Db, repoId: number, rows: Row[], isNew: (n: number) => boolean, now: string): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  for (let i = 0; i < rows.length; i += 100) {
    const part = rows.slice(i, i + 100);
    // Rows of one batch share their column set (same source), so one statement fits all.
    const cols = UPDATABLE.filter((c) => part[0]![c] !== undefined);
    const returned = await db
      .insertInto('items')
      .values(part.map((r) => ({ ...r, repo_id: repoId })))
      .onConflict((oc) => oc.columns(['repo_id', 'number']).doUpdateSet(Object.fromEntries(cols.map((c) => [c, sql.ref(`excluded.${c}`)]))))
      .returning(['id', 'number'])
      .execute();
    for (const r of returned) ids.set(r.number, r.id);
  }
  const all = [...ids.values()];
  for (let i = 0; i < all.length; i += 400) await db.deleteFrom('item_labels').where('item_id', 'in', all.slice(i, i + 400)).execute();
  const labelRows = rows.flatMap((r) => [...new Set((JSON.parse(r.labels ?? '[]') as { name: string }[]).map((l) => l.name.toLowerCase()))].map((label_key) => ({ item_id: ids.get(r.number)!, label_key })));
  for (let i = 0; i < labelRows.length; i += 400) await db.insertInto('item_labels').values(labelRows.slice(i, i + 400)).execute();
  const changes = rows.map((r) => ({ repo_id: repoId, item_id: ids.get(r.number)!, number: r.number, is_pull: r.is_pull, kind: isNew(r.number) ? ('created' as const) : ('updated' as const), at: now }));
  for (let i = 0; i < changes.length; i += 200) await db.insertInto('changes').values(changes.slice(i, i + 200)).execute();
  return ids;
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

async function finishLinks(db: Db, repo: RepoContext, sets: LinkSet[], statusMoved: number[], pullIds: number[], newIssues: number[], now: string): Promise<void> {
  // concat, not push(...): a description may hold hundreds of thousands of references.
  const targets: LinkTarget[] = (await linkTargetsOf(db, statusMoved))
    .concat(newIssues.map((number) => ({ repoKey: repo.key, number })))
    .concat(await replaceLinksMany(db, sets, repo.trackedNames, now));
  const textIds = sets.map((s) => s.pullId);
  for (let i = 0; i < textIds.length; i += 400) {
    await db.updateTable('items').set({ links_source: 'text', links_grammar: GRAMMAR_VERSION }).where('id', 'in', textIds.slice(i, i + 400)).execute();
  }
  await refreshLinkCounts(db, targets, pullIds);
  await bumpVersions(db, [repo.key, ...targets.map((t) => t.repoKey)]);
}

/**
 * Writes one page of `/issues` answers (issues and pull requests). Idempotent:
 * an item already stored at the same or a newer `updated_at` is left alone, so
 * the page GitHub repeats at the `since` boundary changes nothing. A pull
 * request's text links are re-derived in the same transaction whenever its
 * description could have changed them, replacing the previous ones.
 */
export async function ingestIssues(db: Db, repo: RepoContext, issues: readonly GithubIssue[], now: string): Promise<IngestResult> {
  const result: IngestResult = { created: 0, updated: 0, unchanged: 0 };
  const incoming = latest(issues);
  const existing = await loadExisting(db, repo.id, incoming.map((i) => i.number));
  const rows: Row[] = [];
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
  const ids = await upsertRows(db, repo.id, rows, (n) => !existing.has(n), now);

  const sets: LinkSet[] = [];
  const statusMoved: number[] = [];
  const pullIds: number[] = [];
  const newIssues: number[] = [];
  for (const row of rows) {
    const id = ids.get(row.number)!;
    const old = existing.get(row.number);
    if (!row.is_pull) {
      if (!old) newIssues.push(row.number);
      continue;
    }
    pullIds.push(id);
    const bodyChanged = !old || old.body !== row.body;
    const stale = old !== undefined && old.links_grammar !== GRAMMAR_VERSION && old.links_source !== 'graphql';
    if (bodyChanged || stale) sets.push({ pullId: id, refs: textLinksFor(repo, { body: row.body ?? null, base_ref: old?.base_ref ?? null }), source: 'text' });
    if (old && old.status !== row.status) statusMoved.push(id);
  }
  await finishLinks(db, repo, sets, statusMoved, pullIds, newIssues, now);
  return result;
}

/**
 * Writes one page of `/pulls` answers: the fields only that endpoint has (base
 * and head refs, draft, merged). A pull request not yet stored is inserted whole
 * from this answer. A base-branch change re-derives the text links, since keywords
 * count only against the default branch.
 */
export async function ingestPulls(db: Db, repo: RepoContext, pulls: readonly GithubPull[], now: string): Promise<IngestResult> {
  const result: IngestResult = { created: 0, updated: 0, unchanged: 0 };
  const incoming = latest(pulls);
  const existing = await loadExisting(db, repo.id, incoming.map((p) => p.number));
  const fresh: Row[] = [];
  const known: Row[] = [];
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
      pull_fetched_at: updatedAt,
      graphql_due: 1,
    };
    if (!old) {
      fresh.push({ ...commonFields(pull as Source, true), ...prFields, status: pullStatus(pull.state, merged, draft), comments: 0, synced_at: now });
      result.created++;
    } else {
      // The /issues answer may be newer than this one for the common fields; only
      // the pull-request fields (and the state they imply) come from here.
      known.push({ ...prFields, status: old.updated_at > updatedAt ? old.status : pullStatus(pull.state, merged, draft) } as Row);
      result.updated++;
    }
  }
  const ids = new Map<number, number>();
  if (fresh.length) for (const [n, id] of await upsertRows(db, repo.id, fresh, () => true, now)) ids.set(n, id);
  for (const row of known) {
    const old = existing.get(row.number)!;
    ids.set(row.number, old.id);
    const { number: _n, ...set } = row;
    await db.updateTable('items').set(set).where('id', '=', old.id).execute();
  }
  // Merged, left draft, changed base: news for live views too.
  const moved = known.map((r) => ({ repo_id: repo.id, item_id: ids.get(r.number)!, number: r.number, is_pull: 1, kind: 'updated' as const, at: now }));
  for (let i = 0; i < moved.length; i += 200) await db.insertInto('changes').values(moved.slice(i, i + 200)).execute();

  const sets: LinkSet[] = [];
  const statusMoved: number[] = [];
  for (const row of [...fresh, ...known]) {
    const old = existing.get(row.number);
    const id = ids.get(row.number)!;
    if (!old || old.base_ref !== row.base_ref) sets.push({ pullId: id, refs: textLinksFor(repo, { body: old ? old.body : (row.body ?? null), base_ref: row.base_ref ?? null }), source: 'text' });
    if (old && old.status !== row.status) statusMoved.push(id);
  }
  await finishLinks(db, repo, sets, statusMoved, [...ids.values()], [], now);
  return result;
}

/** Marks an item deleted (410) or transferred (301) so it never looks open again. */
export async function markGone(db: Db, repo: RepoContext, number: number, how: 'deleted' | 'transferred', movedTo: string | null, now: string): Promise<void> {
  const row = await db.selectFrom('items').select(['id', 'is_pull']).where('repo_id', '=', repo.id).where('number', '=', number).executeTakeFirst();
  if (!row) return;
  await db.updateTable('items').set({ gone: how, gone_at: now, moved_to: movedTo, state: 'closed', status: 'closed' }).where('id', '=', row.id).execute();
  await db.insertInto('changes').values({ repo_id: repo.id, item_id: row.id, number, is_pull: row.is_pull, kind: 'gone', at: now }).execute();
  if (!row.is_pull) {
    // GitHub's own link answers follow a transferred issue (and drop a deleted one),
    // without touching the pull requests: ask again for every pull request that links it.
    await sql`
      UPDATE items SET graphql_due = 1
      WHERE id IN (SELECT pull_id FROM links WHERE issue_repo_key = ${repo.key} AND issue_number = ${number})`.execute(db);
  }
  const targets = row.is_pull ? await linkTargetsOf(db, [row.id]) : [{ repoKey: repo.key, number }];
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
