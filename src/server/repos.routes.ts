import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { repoStatuses } from '../db/status.queries.ts';
import type { ServerContext } from './context.ts';
import { etagOfBody, notModified as sendNotModified } from './etag.ts';
import { freshnessTargets } from './freshness.ts';
import { trackedRepo } from './lookup.ts';
import { presentRepo } from './presenters.ts';
import { errors, noQuery, notModified, repoListSchema, repoParams, repoSchema, reposQuery } from './schemas.ts';

export function repoRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/repos',
      {
        schema: {
          tags: ['repositories'],
          summary: 'Every tracked repository with its weight, counts and sync state',
          description: 'Counts come from columns the worker keeps up to date, never from counting rows. Not paginated: the list is the master list.',
          querystring: reposQuery,
          response: { 200: repoListSchema, 304: notModified, 400: errors[400] },
        },
      },
      async (request, reply) => {
        const rows = await repoStatuses(ctx.db, { includeInactive: request.query.include_inactive === 'true' });
        const now = ctx.now();
        const targets = freshnessTargets(rows, ctx.config);
        const web = ctx.config.githubWebUrl;
        const body = { items: rows.map((r) => presentRepo(r, now, targets.get(r.id)!.target, web)), next_cursor: null, web_url: web };
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body;
      },
    );

    app.get(
      '/api/repos/:owner/:name',
      {
        schema: {
          tags: ['repositories'],
          summary: 'One tracked repository',
          params: repoParams,
          querystring: noQuery,
          response: { 200: repoSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const repo = await trackedRepo(ctx, request.params);
        const rows = await repoStatuses(ctx.db, { includeInactive: false });
        const row = rows.find((r) => r.id === repo.id)!;
        const body = presentRepo(row, ctx.now(), freshnessTargets(rows, ctx.config).get(repo.id)!.target, ctx.config.githubWebUrl);
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body;
      },
    );
  };
}
