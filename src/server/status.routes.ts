import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { toGithubTime } from '../core/time.ts';
import { pendingJobCounts, quotaRows } from '../db/status.queries.ts';
import type { ServerContext } from './context.ts';
import { readFreshness } from './freshness.ts';
import { errorSchema, noQuery, syncStatusSchema } from './schemas.ts';

export function statusRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/sync',
      {
        schema: {
          tags: ['status'],
          summary: "Sync state of every repository, the token pool quota, and the freshness of the subnet's data",
          description:
            'lag_seconds is how far a repository is behind its freshness target (hot repositories: the hot interval; others: the ' +
            'freshness setting). Quota rows name tokens by label only. Repositories no longer tracked are listed with active=false. ' +
            "subnet lists each kind of the subnet's data (miners, official scores, maintainers, prices) with the age of its last good " +
            'answer: a service that is down leaves its data stale, with its age and last error, never an error answer.',
          querystring: noQuery,
          response: { 200: syncStatusSchema, 400: errorSchema },
        },
      },
      async (_request, reply) => {
        const now = ctx.now();
        const { repos, subnet } = await readFreshness(ctx, now, true);
        const quota = await quotaRows(ctx.db);
        const jobs = await pendingJobCounts(ctx.db);
        // Ages change every second: no ETag, and no caching.
        reply.header('cache-control', 'no-store');
        return {
          generated_at: toGithubTime(now),
          freshness_seconds: ctx.config.sync.freshnessSeconds,
          hot_interval_seconds: ctx.config.sync.hotIntervalSeconds,
          repos,
          quota,
          jobs: jobs.map((j) => ({ kind: j.kind, state: j.state, count: j.n })),
          subnet,
        };
      },
    );
  };
}
