import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { closingIssues } from '../db/pulls.queries.ts';
import type { ServerContext } from './context.ts';
import { etagOfBody, notModified as sendNotModified } from './etag.ts';
import { listPage, scopeOf } from './lists.ts';
import { pullOf, trackedRepo } from './lookup.ts';
import { presentPull } from './presenters.ts';
import { errors, globalPullListQuery, itemParams, noQuery, notModified, pullDetailSchema, pullListQuery, pullPageSchema, repoParams } from './schemas.ts';

const LIST_DESCRIPTION =
  'State defaults to open,draft (what GitHub calls open). Keyset pagination as for issues: follow next_cursor until null; ' +
  'a page may be short when a filter the sort index cannot serve leaves the bounded read short.';

export function pullRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/repos/:owner/:name/pulls',
      {
        schema: {
          tags: ['pulls'],
          summary: "A page of a repository's pull requests",
          description: LIST_DESCRIPTION,
          params: repoParams,
          querystring: pullListQuery,
          response: { 200: pullPageSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const repo = await trackedRepo(ctx, request.params);
        return listPage(ctx, request, reply, 'pull', request.query, await scopeOf(ctx, repo, undefined));
      },
    );

    app.get(
      '/api/pulls',
      {
        schema: {
          tags: ['pulls'],
          summary: 'A page of pull requests across every tracked repository (or those named in repo)',
          description: LIST_DESCRIPTION,
          querystring: globalPullListQuery,
          response: { 200: pullPageSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const scope = await scopeOf(ctx, undefined, request.query.repo);
        return listPage(ctx, request, reply, 'pull', request.query, scope);
      },
    );

    app.get(
      '/api/repos/:owner/:name/pulls/:number',
      {
        schema: {
          tags: ['pulls'],
          summary: 'One pull request with the issues it closes',
          description: 'closing_issues: ordered by repository and number; issues of untracked repositories have null state and title; at most 200.',
          params: itemParams,
          querystring: noQuery,
          response: { 200: pullDetailSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const repo = await trackedRepo(ctx, request.params);
        const row = await pullOf(ctx, repo, request.params.number);
        const issues = await closingIssues(ctx.db, row.id);
        const body = { ...presentPull(row, repo.full_name, issues), body: row.body };
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body;
      },
    );
  };
}
