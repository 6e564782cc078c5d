import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { repoPayRows, repoStatsRows } from '../db/repo-pay.queries.ts';
import { listPrices } from '../db/subnet-state.queries.ts';
import { repoStatuses, type RepoStatusRow } from '../db/status.queries.ts';
import type { ServerContext } from './context.ts';
import { etagOfBody, notModified as sendNotModified } from './etag.ts';
import { freshnessTargets } from './freshness.ts';
import { trackedRepo } from './lookup.ts';
import { presentPay, presentReward, priceView } from './repo-pay.presenters.ts';
import { repoListSchema, repoSchema } from './repo-pay.schemas.ts';
import { presentRepo } from './presenters.ts';
import { errors, noQuery, notModified, repoParams, reposQuery } from './schemas.ts';

/**
 * Each repository with what it pays: reads the stored split, statistics and prices
 * (a few rows per repository), never the repository's items.
 */
async function presentRepos(ctx: ServerContext, rows: RepoStatusRow[], all: RepoStatusRow[]): Promise<z.output<typeof repoSchema>[]> {
  const now = ctx.now();
  const targets = freshnessTargets(all, ctx.config);
  const pay = new Map((await repoPayRows(ctx.db)).map((p) => [p.repo_id, p]));
  const stats = new Map((await repoStatsRows(ctx.db)).map((s) => [s.repo_id, s]));
  const prices = priceView(await listPrices(ctx.db), now);
  const web = ctx.config.githubWebUrl;
  return rows.map((r) => {
    const p = pay.get(r.id);
    const s = stats.get(r.id);
    return { ...presentRepo(r, now, targets.get(r.id)!.target, web), reward: presentReward(r, p ? presentPay(r.full_name, p, s, ctx.config.subnet, prices) : null, s) };
  });
}

export function repoRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/repos',
      {
        schema: {
          tags: ['repositories'],
          summary: 'Every tracked repository with its weight, counts, sync state and what it pays',
          description:
            'Counts come from columns the worker keeps up to date, never from counting rows; reward (the pay split, competition, responsiveness, policy and decay) from what the scoring and statistics jobs store. Not paginated: the list is the master list.',
          querystring: reposQuery,
          response: { 200: repoListSchema, 304: notModified, 400: errors[400] },
        },
      },
      async (request, reply) => {
        const rows = await repoStatuses(ctx.db, { includeInactive: request.query.include_inactive === 'true' });
        const web = ctx.config.githubWebUrl;
        const body = { items: await presentRepos(ctx, rows, rows), next_cursor: null, web_url: web };
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
        const [body] = await presentRepos(ctx, [row], rows);
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body!;
      },
    );
  };
}
