import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { parseItemReference } from '../core/item-reference.ts';
import type { ListRow } from '../db/item-list.queries.ts';
import { itemsByNumber, SEARCH_WINDOW } from '../db/search.queries.ts';
import { findRepos, globalVersion, repoNames } from '../db/status.queries.ts';
import type { ServerContext } from './context.ts';
import { decodeSearchCursor, encodeSearchCursor } from './cursor.ts';
import { AnswerCache } from './answer-cache.ts';
import { scopeOf, type ListScope } from './lists.ts';
import { presentIssue, presentPull, segments } from './presenters.ts';
import { loadPreviews } from './previews.ts';
import { errors, notModified, searchPageSchema, searchQuery } from './schemas.ts';

type SearchQuery = z.output<typeof searchQuery>;
// At most this many items answer one `#N` (one per tracked repository that has an item N).
const NUMBER_HITS = 50;

/**
 * Search answers are kept (answer-cache.ts) by the store-wide version and the
 * normalised parameters. Store-wide even with `repo=`: the ranked window is the
 * newest matches of the whole index, filtered after, and bm25 weighs a word by how
 * many items of the whole index hold it, so an item stored in another repository
 * can move a repository-scoped answer (its window, its order, its scores). Every
 * commit that changes an item's title or body bumps its repository's data_version
 * (and records a change) in the same transaction, which moves the store-wide
 * version: the next search after the commit, in any server, misses and reads the
 * store. A miss after a commit that left every title and body alone (a relink, a
 * count, a state) reuses the ranked window below (SearchWindows, search.queries.ts)
 * and reads the filters, rows and previews again.
 */
export function searchRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  const answers = new AnswerCache();
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
        const after = decodeSearchCursor(query.cursor, SEARCH_WINDOW + NUMBER_HITS);
        // The version first: everything the answer is built from (the scope included) is
        // read after it, so a kept answer is never older than the version it is kept under.
        // A kept answer costs this one read; an untracked `repo=` fails the build (errors
        // are not kept, and carry no ETag a client could send back).
        const version = await globalVersion(ctx.db);
        return answers.send(request, reply, searchPageSchema, `${version}\n${searchKey(query)}`, async () => searchPage(ctx, query, await scopeOf(ctx, undefined, query.repo), after), {
          byInputsAlone: true,
        });
      },
    );
  };
}

/**
 * The parameters in one spelling, each one the schema knows (so a parameter added
 * later is part of the key without a change here): set-valued ones sorted and
 * deduplicated, repository names in lower case as trackedRepos reads them. The
 * text is kept as typed.
 */
export function searchKey(query: SearchQuery): string {
  const asSet = (xs: readonly string[], lower: boolean) => [...new Set(lower ? xs.map((x) => x.toLowerCase()) : xs)].sort();
  const entries = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => [name, name === 'state' || name === 'repo' ? asSet(value as string[], name === 'repo') : value] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(entries);
}

async function searchPage(ctx: ServerContext, query: SearchQuery, scope: ListScope, after: ReturnType<typeof decodeSearchCursor>): Promise<z.input<typeof searchPageSchema>> {
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

