import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ItemListResult, ItemListSpec, ListRow } from '../db/item-list.queries.ts';
import { listIssues } from '../db/issues.queries.ts';
import { listPulls } from '../db/pulls.queries.ts';
import { globalVersion, inactiveRepoIds, repoNames, storedCounts, type RepoWithState, type StoredCounts } from '../db/status.queries.ts';
import { ISSUE_STATUSES, PULL_STATUSES } from '../core/states.ts';
import type { ServerContext } from './context.ts';
import { loadPreviews, type Previews } from './previews.ts';
import { decodeListCursor, encodeListCursor } from './cursor.ts';
import { AnswerCache } from './answer-cache.ts';
import { trackedRepos } from './lookup.ts';
import type { globalIssueListQuery } from './schemas.ts';
import type { SortKey } from '../db/item-list.queries.ts';

type ListQuery = Omit<z.output<typeof globalIssueListQuery>, 'sort'> & { sort: SortKey };

/** Which repositories a list covers: one (repository routes), some (`repo=`), or every tracked one. */
export interface ListScope {
  repos: RepoWithState[] | null;
  excludeRepoIds: number[];
}

export async function scopeOf(ctx: ServerContext, repo: RepoWithState | undefined, names: readonly string[] | undefined): Promise<ListScope> {
  if (repo) return { repos: [repo], excludeRepoIds: [] };
  if (names) return { repos: await trackedRepos(ctx, names), excludeRepoIds: [] };
  return { repos: null, excludeRepoIds: await inactiveRepoIds(ctx.db) };
}

/** The version the scope's answers derive from: per repository, or the store's for global lists. */
export async function scopeVersion(ctx: ServerContext, scope: ListScope): Promise<string> {
  if (scope.repos) return scope.repos.map((r) => `${r.id}:${r.data_version}`).join(',');
  return `all:${await globalVersion(ctx.db)}`;
}

/** Each server's kept list answers (answer-cache.ts), by the scope's version and the URL. */
const keptLists = new WeakMap<ServerContext, AnswerCache>();
function listAnswers(ctx: ServerContext): AnswerCache {
  let cache = keptLists.get(ctx);
  if (!cache) keptLists.set(ctx, (cache = new AnswerCache()));
  return cache;
}

/**
 * Shared by the issue and pull request lists, repository-scoped or global:
 * version check first (a current client costs one small read), then one
 * bounded list query, then presentation. The answer is a function of the
 * scope's version (the ETag says so already), so each server keeps the text of
 * recent pages by that version and the URL: while nothing in the scope changed,
 * a page costs the version read, not the list query, the previews, the response
 * check and the serialisation. Every commit that changes a list bumps the version
 * in the same transaction, so a kept page is never older than the store.
 */
export async function listPage<T>(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: 'issue' | 'pull',
  query: Omit<ListQuery, 'repo'>,
  scope: ListScope,
  schema: z.ZodType,
  present: (row: ListRow, repo: string, previews: Previews) => T,
): Promise<FastifyReply> {
  const after = decodeListCursor(query.cursor, query.sort, query.direction);
  return listAnswers(ctx).send(request, reply, schema, await scopeVersion(ctx, scope), async () => {
    const spec: Omit<ItemListSpec, 'isPull'> = {
      repoIds: scope.repos ? scope.repos.map((r) => r.id) : null,
      excludeRepoIds: scope.excludeRepoIds,
      statuses: query.state,
      author: query.author?.toLowerCase(),
      assignee: query.assignee?.toLowerCase(),
      labels: query.label?.map((l) => l.toLowerCase()),
      linked: query.linked === undefined ? undefined : query.linked === 'true',
      // An emptied search box means no text filter, not "match nothing".
      q: query.q?.trim() ? query.q : undefined,
      sort: query.sort,
      direction: query.direction,
      after,
      limit: query.limit,
    };
    const result: ItemListResult = kind === 'issue' ? await listIssues(ctx.db, spec) : await listPulls(ctx.db, spec);
    // How the page was found and how much was read: visible to operators and the benchmark.
    reply.header('x-hub-work', `mode=${result.mode}; examined=${result.examined}`);
    ctx.metrics.observeWork(request.routeOptions.url ?? 'unmatched', result.mode, result.examined);
    const names = scope.repos ? new Map(scope.repos.map((r) => [r.id, r.full_name])) : await repoNames(ctx.db, result.rows.map((r) => r.repo_id));
    const previews = await loadPreviews(ctx.db, result.rows, names);
    const counted = countedBy(kind, spec);
    return {
      items: result.rows.map((r) => present(r, names.get(r.repo_id) ?? '', previews)),
      next_cursor: result.next ? encodeListCursor(query.sort, query.direction, result.next) : null,
      total_count: counted ? counted(await storedCounts(ctx.db, spec.repoIds)) : null,
    };
  });
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
