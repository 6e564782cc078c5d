import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SEARCH_WINDOW } from '../db/search.queries.ts';
import { repoNames } from '../db/status.queries.ts';
import type { ServerContext } from './context.ts';
import { decodeSearchCursor, encodeSearchCursor } from './cursor.ts';
import { etagOf, notModified as sendNotModified } from './etag.ts';
import { scopeOf, scopeVersion } from './lists.ts';
import { presentIssue, presentPull, segments } from './presenters.ts';
import { loadPreviews } from './previews.ts';
import { errors, notModified, searchPageSchema, searchQuery } from './schemas.ts';

export function searchRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/search',
      {
        schema: {
          tags: ['search'],
          summary: 'Full-text search over every title and body, best match first',
          description:
            `Every word (or "quoted phrase") must appear; operators and punctuation are read as plain words. The ${SEARCH_WINDOW} ` +
            'most recently stored matches are ranked (bm25, title weighted above body); truncated says when more matched. ' +
            'Highlights are plain-text pieces, never HTML.',
          querystring: searchQuery,
          response: { 200: searchPageSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const query = request.query;
        const scope = await scopeOf(ctx, undefined, query.repo);
        const after = decodeSearchCursor(query.cursor, SEARCH_WINDOW);
        if (sendNotModified(request, reply, etagOf(request, await scopeVersion(ctx, scope)))) return reply;
        const result = await ctx.search({
          q: query.q,
          isPull: query.type === undefined ? undefined : query.type === 'pull',
          repoIds: scope.repos ? scope.repos.map((r) => r.id) : null,
          excludeRepoIds: scope.excludeRepoIds,
          statuses: query.state,
          limit: query.limit,
          after,
        });
        const names = await repoNames(ctx.db, result.rows.map((r) => r.repo_id));
        const previews = await loadPreviews(ctx.db, result.rows, names);
        return {
          items: result.rows.map((r) => {
            const repo = names.get(r.repo_id) ?? '';
            return {
              type: r.is_pull ? ('pull' as const) : ('issue' as const),
              item: r.is_pull ? presentPull(r, repo, previews.pull(r)) : presentIssue(r, repo, previews.issue(r)),
              // bm25 is lower-is-better and negative; flip it so clients read "higher is better".
              score: -r.rank,
              title_highlight: segments(r.title_marked),
              body_snippet: segments(r.body_marked),
            };
          }),
          next_cursor: result.next ? encodeSearchCursor(result.next) : null,
          truncated: result.truncated,
        };
      },
    );
  };
}
