import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { HubError } from '../core/errors.ts';
import { MAINTAINER_CUT_CAP } from '../core/subnet/policy.ts';
import { RULES_SOURCE } from '../core/subnet/rules-source.ts';
import { repoPayRows, repoStatsOf, repoStatsRows } from '../db/repo-pay.queries.ts';
import { listRepos } from '../db/repos.queries.ts';
import { listMaintainers, listPrices } from '../db/subnet-state.queries.ts';
import type { ServerContext } from './context.ts';
import { etagOfBody, notModified as sendNotModified } from './etag.ts';
import { trackedRepo } from './lookup.ts';
import { money, presentAuthors, presentPay, presentStats, priceView } from './repo-pay.presenters.ts';
import { responsivenessSchema, subnetSchema } from './repo-pay.schemas.ts';
import { errors, noQuery, notModified, repoParams } from './schemas.ts';

const JOB_NOTE = 'Read from what the scoring job and the repository statistics job store; nothing is computed on request.';

/** What repositories pay (GET /api/subnet) and how their maintainers respond (GET /api/repos/{owner}/{name}/responsiveness). */
export function repoPayRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/subnet',
      {
        schema: {
          tags: ['subnet'],
          operationId: 'getSubnet',
          summary: "The rules in force, the prices and what every tracked repository pays",
          description: `${JOB_NOTE} Amounts are per day; alpha, TAO and dollars are null (with a reason) while a price is unknown. Shares are fractions of the subnet emission.`,
          querystring: noQuery,
          response: { 200: subnetSchema, 304: notModified, 400: errors[400] },
        },
      },
      async (request, reply) => {
        const now = ctx.now();
        const settings = ctx.config.subnet;
        const prices = priceView(await listPrices(ctx.db), now);
        const repos = new Map((await listRepos(ctx.db, { activeOnly: true })).map((r) => [r.id, r]));
        const stats = new Map((await repoStatsRows(ctx.db)).map((s) => [s.repo_id, s]));
        const rows = (await repoPayRows(ctx.db)).filter((r) => repos.has(r.repo_id));
        const paid = rows.reduce((s, r) => s + r.slice, 0);
        const body: z.output<typeof subnetSchema> = {
          rules: {
            ...RULES_SOURCE,
            miners_share: settings.minersShare,
            burn_share: settings.burnShare,
            serving_share: settings.servingShare,
            round_minutes: settings.roundMinutes,
            weight_smoothing: settings.weightSmoothing,
            maintainer_cut_cap: MAINTAINER_CUT_CAP,
            basis: rows[0]?.basis ?? null,
          },
          prices: prices.prices,
          recycled: money(rows.length === 0 ? 1 : Math.max(0, 1 - paid), settings, prices),
          computed_at: rows.map((r) => r.computed_at).sort().pop() ?? null,
          repos: rows
            .map((r) => presentPay(repos.get(r.repo_id)!.full_name, r, stats.get(r.repo_id), settings, prices))
            .sort((a, b) => b.slice.share - a.slice.share || a.repo.localeCompare(b.repo)),
        };
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body;
      },
    );

    app.get(
      '/api/repos/:owner/:name/responsiveness',
      {
        schema: {
          tags: ['repositories'],
          operationId: 'getRepoResponsiveness',
          summary: "How the repository's maintainers treat outside pull requests: review and merge times, merge rate, queue, and per author against the repository",
          description: `${JOB_NOTE} Maintainers' own pull requests are left out. 404 stats_not_computed until the statistics job has run for the repository.`,
          params: repoParams,
          querystring: noQuery,
          response: { 200: responsivenessSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const repo = await trackedRepo(ctx, request.params);
        const stats = await repoStatsOf(ctx.db, repo.id);
        if (!stats) throw new HubError(404, 'stats_not_computed', `${repo.full_name} has no statistics yet: the worker computes them after scoring and hourly`);
        const maintainers = await listMaintainers(ctx.db, repo.name_key);
        const body: z.output<typeof responsivenessSchema> = {
          repo: repo.full_name,
          stats: presentStats(stats),
          maintainers: maintainers.map((m) => ({ login: m.login, association: m.association, source: m.source })),
          authors: presentAuthors(stats),
        };
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body;
      },
    );
  };
}

