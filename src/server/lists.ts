import type { FastifyReply, FastifyRequest } from 'fastify';
import { globalVersion, inactiveRepoIds, type RepoWithState } from '../db/status.queries.ts';
import type { ServerContext } from './context.ts';
import { decodeListCursor } from './cursor.ts';
import { AnswerCache } from './answer-cache.ts';
import type { ListJob, ListQuery } from './list-build.ts';
import { trackedRepos } from './lookup.ts';

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
 * version check first (a current client costs one small read), then the page.
 * The answer is a function of the scope's version (the ETag says so already), so
 * each server keeps the text of recent pages by that version and the URL: while
 * nothing in the scope changed, a page costs the version read, not the list
 * query, the previews, the response check and the serialisation. Every commit
 * that changes a list bumps the version in the same transaction, so a kept page
 * is never older than the store. A page that must be built is built by
 * `ctx.buildList` (list-build.ts): on a read thread for a SQLite file, so a burst
 * of rebuilds after a commit does not hold the event loop.
 */
export async function listPage(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: 'issue' | 'pull',
  query: ListQuery & { cursor?: string },
  scope: ListScope,
): Promise<FastifyReply> {
  // Decoded first: a malformed cursor is a 400 whether or not the page is kept.
  const after = decodeListCursor(query.cursor, query.sort, query.direction);
  return listAnswers(ctx).sendText(request, reply, await scopeVersion(ctx, scope), async () => {
    const { cursor: _cursor, ...rest } = query;
    const job: ListJob = {
      kind,
      query: rest,
      after,
      repos: scope.repos ? scope.repos.map((r) => ({ id: r.id, full_name: r.full_name })) : null,
      excludeRepoIds: scope.excludeRepoIds,
    };
    const built = await ctx.buildList(job);
    // How the page was found and how much was read: visible to operators and the benchmark.
    reply.header('x-hub-work', `mode=${built.mode}; examined=${built.examined}`);
    ctx.metrics.observeWork(request.routeOptions.url ?? 'unmatched', built.mode, built.examined);
    return built.text;
  });
}
