import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ISSUE_STATUSES, PULL_STATUSES } from '../core/states.ts';
import { authorCounts } from '../db/authors.queries.ts';
import { listIssues } from '../db/issues.queries.ts';
import { listPulls } from '../db/pulls.queries.ts';
import type { ServerContext } from './context.ts';
import { encodeListCursor } from './cursor.ts';
import { etagOf, notModified as sendNotModified } from './etag.ts';
import { trackedRepo } from './lookup.ts';
import { presentIssue, presentPull } from './presenters.ts';
import { loadPreviews } from './previews.ts';
import { authorParams, authorQuery, authorSchema, errors, notModified } from './schemas.ts';

const withTotal = (counts: Record<string, number>) => ({ ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) });

export function authorRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/repos/:owner/:name/authors/:login',
      {
        schema: {
          tags: ['authors'],
          summary: "An author's issues and pull requests in a repository, with per-state counts",
          description:
            'Counts are exact up to 10,000 per state (counts_capped says when one stopped there). The lists are the first pages, ' +
            'newest activity first; their next_cursor continues /issues or /pulls with author=<login>&state=all.',
          params: authorParams,
          querystring: authorQuery,
          response: { 200: authorSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const repo = await trackedRepo(ctx, request.params);
        if (sendNotModified(request, reply, etagOf(request, `${repo.id}:${repo.data_version}`))) return reply;
        const key = request.params.login.toLowerCase();
        const counts = await authorCounts(ctx.db, repo.id, key);
        const base = { repoIds: [repo.id], author: key, sort: 'updated' as const, direction: 'desc' as const, after: null, limit: request.query.limit };
        const issues = await listIssues(ctx.db, { ...base, statuses: ISSUE_STATUSES });
        const pulls = await listPulls(ctx.db, { ...base, statuses: PULL_STATUSES });
        const cursor = (next: typeof issues.next) => (next ? encodeListCursor('updated', 'desc', next) : null);
        // The login as GitHub spells it now: from the author's most recent item.
        const newest = [issues.rows[0], pulls.rows[0]].filter((r) => r !== undefined).sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1))[0];
        const names = new Map([[repo.id, repo.full_name]]);
        const previews = await loadPreviews(ctx.db, [...issues.rows, ...pulls.rows], names);
        return {
          repo: repo.full_name,
          author: newest?.author ?? request.params.login,
          counts: { issues: withTotal(counts.issues), pulls: withTotal(counts.pulls) },
          counts_capped: counts.capped,
          issues: { items: issues.rows.map((r) => presentIssue(r, repo.full_name, previews.issue(r))), next_cursor: cursor(issues.next) },
          pulls: { items: pulls.rows.map((r) => presentPull(r, repo.full_name, previews.pull(r))), next_cursor: cursor(pulls.next) },
        };
      },
    );
  };
}
