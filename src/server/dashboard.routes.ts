import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { toGithubTime } from '../core/time.ts';
import { readDashboardSnapshot } from '../db/dashboard.queries.ts';
import type { ServerContext } from './context.ts';
import { dashboardSchema } from './dashboard.schemas.ts';
import { readFreshness } from './freshness.ts';
import { errorSchema, noQuery } from './schemas.ts';

/** GET /api/dashboard: the dashboard job's stored snapshot and the freshness of every source. */
export function dashboardRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/dashboard',
      {
        schema: {
          tags: ['status'],
          summary: 'Activity over 24 h, 7 d and 30 d, the pipelines, the top evaluated contributions, unclaimed issues where pay is best, and every source’s freshness',
          description:
            'snapshot is what the dashboard job stored (the worker recomputes it when the store changed, and at least every five minutes): ' +
            'this route reads one stored row and the per-repository sync state, whatever the size of the store. ' +
            'snapshot is null until the job has run once. freshness is the same as in GET /api/sync.',
          querystring: noQuery,
          response: { 200: dashboardSchema, 400: errorSchema },
        },
      },
      async (_request, reply) => {
        const now = ctx.now();
        const stored = await readDashboardSnapshot(ctx.db);
        // Ages change every second: no ETag, and no caching.
        reply.header('cache-control', 'no-store');
        const body: z.output<typeof dashboardSchema> = {
          generated_at: toGithubTime(now),
          snapshot: stored ? { ...stored, age_seconds: Math.max(0, Math.round((now - Date.parse(stored.computed_at)) / 1000)) } : null,
          freshness: await readFreshness(ctx, now, false),
        };
        return body;
      },
    );
  };
}
