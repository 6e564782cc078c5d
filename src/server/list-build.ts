import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { ISSUE_STATUSES, PULL_STATUSES } from '../core/states.ts';
import type { ItemListResult, ItemListSpec, Position, SortKey } from '../db/item-list.queries.ts';
import { listIssues } from '../db/issues.queries.ts';
import { listPulls } from '../db/pulls.queries.ts';
import type { DB } from '../db/schema.ts';
import { repoNames, storedCounts, type StoredCounts } from '../db/status.queries.ts';
import { encodeListCursor } from './cursor.ts';
import { presentIssue, presentPull } from './presenters.ts';
import { loadPreviews } from './previews.ts';
import { issuePageSchema, pullPageSchema, type globalIssueListQuery } from './schemas.ts';

export type ListQuery = Omit<z.output<typeof globalIssueListQuery>, 'sort' | 'repo' | 'cursor'> & { sort: SortKey };

/**
 * Everything a list page is built from, as plain data: it crosses to a read
 * thread (search-pool.ts) by structured clone, so it holds no functions and no
 * connection. The scope's repositories are named here (id and full name), so the
 * build reads no repository row the route already read.
 */
export interface ListJob {
  kind: 'issue' | 'pull';
  query: ListQuery;
  /** The decoded cursor: where the previous page ended. */
  after: Position | null;
  repos: { id: number; full_name: string }[] | null;
  excludeRepoIds: number[];
}

/** A built page: its checked JSON text, and how it was found (for the x-hub-work header and the metrics). */
export interface BuiltList {
  text: string;
  mode: ItemListResult['mode'];
  examined: number;
}

/**
 * One list page from the store: one bounded list query, the previews of its
 * rows, the scope's stored total where one answers it, then the response check
 * and the serialisation. The same function runs on the server's event loop
 * (PostgreSQL, or SQLite without a file) and on a read thread (SQLite file), so
 * a page is the same text wherever it was built.
 */
export async function buildListPage(db: Kysely<DB>, job: ListJob): Promise<BuiltList> {
  const { query } = job;
  const spec: Omit<ItemListSpec, 'isPull'> = {
    repoIds: job.repos ? job.repos.map((r) => r.id) : null,
    excludeRepoIds: job.excludeRepoIds,
    statuses: query.state,
    author: query.author?.toLowerCase(),
    assignee: query.assignee?.toLowerCase(),
    labels: query.label?.map((l) => l.toLowerCase()),
    linked: query.linked === undefined ? undefined : query.linked === 'true',
    // An emptied search box means no text filter, not "match nothing".
    q: query.q?.trim() ? query.q : undefined,
    sort: query.sort,
    direction: query.direction,
    after: job.after,
    limit: query.limit,
  };
  const result: ItemListResult = job.kind === 'issue' ? await listIssues(db, spec) : await listPulls(db, spec);
  const names = job.repos ? new Map(job.repos.map((r) => [r.id, r.full_name])) : await repoNames(db, result.rows.map((r) => r.repo_id));
  const previews = await loadPreviews(db, result.rows, names);
  const counted = countedBy(job.kind, spec);
  const page = {
    items: result.rows.map((r) => {
      const name = names.get(r.repo_id) ?? '';
      return job.kind === 'issue' ? presentIssue(r, name, previews.issue(r)) : presentPull(r, name, previews.pull(r));
    }),
    next_cursor: result.next ? encodeListCursor(query.sort, query.direction, result.next) : null,
    total_count: counted ? counted(await storedCounts(db, spec.repoIds)) : null,
  };
  const schema = job.kind === 'issue' ? issuePageSchema : pullPageSchema;
  return { text: JSON.stringify(schema.parse(page)), mode: result.mode, examined: result.examined };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && b.every((s) => a.includes(s));

/**
 * Which of the worker's stored counts answers a list's total, if any. They are
 * kept per repository (open issues, open unclaimed issues, all issues, open and
 * draft pull requests, all pull requests) and summed over the scope, so a total
 * costs one row per repository. Other filters (author, label, text, other state
 * sets) would need a count that grows with the repository: their total is null.
 */
function countedBy(kind: 'issue' | 'pull', spec: Omit<ItemListSpec, 'isPull'>): ((c: StoredCounts) => number) | null {
  if (spec.author !== undefined || spec.assignee !== undefined || spec.labels?.length || spec.q !== undefined) return null;
  if (kind === 'issue') {
    if (sameSet(spec.statuses, ['open'])) {
      if (spec.linked === undefined) return (c) => c.issues_open;
      return spec.linked ? (c) => c.issues_open - c.issues_open_unlinked : (c) => c.issues_open_unlinked;
    }
    return spec.linked === undefined && sameSet(spec.statuses, ISSUE_STATUSES) ? (c) => c.issues_total : null;
  }
  if (spec.linked !== undefined) return null;
  if (sameSet(spec.statuses, ['open', 'draft'])) return (c) => c.pulls_open;
  return sameSet(spec.statuses, PULL_STATUSES) ? (c) => c.pulls_total : null;
}
