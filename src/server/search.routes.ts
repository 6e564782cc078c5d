import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { parseItemReference } from '../core/item-reference.ts';
import type { ListRow } from '../db/item-list.queries.ts';
import { itemsByNumber, SEARCH_WINDOW } from '../db/search.queries.ts';
import { findRepos, repoNames } from '../db/status.queries.ts';
import type { ServerContext } from './context.ts';
import { decodeSearchCursor, encodeSearchCursor } from './cursor.ts';
import { etagOf, notModified as sendNotModified } from './etag.ts';
import { scopeOf, scopeVersion, type ListScope } from './lists.ts';
import { presentIssue, presentPull, segments } from './presenters.ts';
import { loadPreviews } from './previews.ts';
import { errors, notModified, searchPageSchema, searchQuery } from './schemas.ts';

type SearchQuery = z.output<typeof searchQuery>;
// At most this many items answer one `#N` (one per tracked repository that has an item N).
const NUMBER_HITS = 50;

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
        const after = decodeSearchCursor(query.cursor, SEARCH_WINDOW + NUMBER_HITS);
        if (sendNotModified(request, reply, etagOf(request, await scopeVersion(ctx, scope)))) return reply;
        // `#189` or `owner/name#189`: the items it names come first, as if they were the
        // first results; positions past them are the text results, left without them.
        const numbered = await numberHits(ctx, query, scope);
        const position = after?.offset ?? 0;
        const shown = numbered.slice(position, position + query.limit);
        const textOffset = Math.max(0, position - numbered.length);
        const result = await ctx.search({
          q: query.q,
          isPull: query.type === undefined ? undefined : query.type === 'pull',
          repoIds: scope.repos ? scope.repos.map((r) => r.id) : null,
          excludeRepoIds: scope.excludeRepoIds,
          excludeIds: numbered.map((r) => r.id),
          statuses: query.state,
          limit: query.limit - shown.length,
          after: after ? { snapshot: after.snapshot, offset: textOffset } : null,
        });
        const morePositions = position + query.limit < numbered.length || result.next !== null;
        const next = morePositions ? { snapshot: result.snapshot, offset: position + query.limit } : null;
        const rows = [...shown, ...result.rows];
        const names = await repoNames(ctx.db, rows.map((r) => r.repo_id));
        const previews = await loadPreviews(ctx.db, rows, names);
        const present = (r: ListRow) => {
          const repo = names.get(r.repo_id) ?? '';
          return r.is_pull ? { type: 'pull' as const, item: presentPull(r, repo, previews.pull(r)) } : { type: 'issue' as const, item: presentIssue(r, repo, previews.issue(r)) };
        };
        // bm25 is lower-is-better and negative; flip it so clients read "higher is better".
        const scores = result.rows.map((r) => -r.rank);
        const best = scores.length ? Math.max(...scores) : 0;
        return {
          items: [
            ...shown.map((r) => ({ ...present(r), score: best + 1, matched: 'number' as const, title_highlight: [{ text: r.title, match: true }], body_snippet: [] })),
            ...result.rows.map((r, i) => ({
              ...present(r),
              score: scores[i]!,
              matched: 'text' as const,
              title_highlight: segments(r.title_marked),
              body_snippet: segments(r.body_marked),
            })),
          ],
          next_cursor: next ? encodeSearchCursor(next) : null,
          truncated: result.truncated,
        };
      },
    );
  };
}

/** The items a `#N` or `owner/name#N` query names, within the search's scope and filters. */
async function numberHits(ctx: ServerContext, query: SearchQuery, scope: ListScope): Promise<ListRow[]> {
  const ref = parseItemReference(query.q);
  if (!ref) return [];
  let repoIds = scope.repos ? scope.repos.map((r) => r.id) : null;
  if (ref.repo) {
    const named = (await findRepos(ctx.db, [ref.repo.toLowerCase()])).filter((r) => r.active === 1).map((r) => r.id);
    repoIds = repoIds ? repoIds.filter((id) => named.includes(id)) : named;
  }
  return itemsByNumber(ctx.db, {
    number: ref.number,
    repoIds,
    isPull: query.type === undefined ? undefined : query.type === 'pull',
    statuses: query.state,
    limit: NUMBER_HITS,
  });
}

