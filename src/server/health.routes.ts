import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { syncStaleness } from '../db/status.queries.ts';
import type { ServerContext } from './context.ts';
import { errorSchema, noQuery } from './schemas.ts';

const healthSchema = z.object({
  ok: z.boolean().describe('false when the store is damaged: the answer is then 503'),
  mode: z.enum(['live', 'demo']).describe('demo: the data comes from the built-in GitHub simulator'),
  version: z.string(),
  uptime_seconds: z.number(),
  database: z.object({
    dialect: z.string(),
    state: z.enum(['ok', 'corrupt', 'unverified', 'unchecked']).describe('the integrity check at start (unverified: it did not finish in time), or corrupt once a query met a damaged page'),
    detail: z.string().nullable(),
    checked_at: z.string().nullable(),
    check_ms: z.number().nullable(),
  }),
  sync: z.object({
    tracked_repos: z.number(),
    never_synced: z.number(),
    stalest_repo: z.string().nullable().describe('the tracked repository whose last successful sync is oldest (a never-synced one first)'),
    stalest_synced_at: z.string().nullable(),
    stalest_age_seconds: z.number().nullable().describe('seconds since that sync; null when it never synced or nothing is tracked'),
  }),
  event_loop_delay_ms: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
});

export function healthRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/health', { schema: { tags: ['status'], summary: 'Liveness, mode, store integrity and sync staleness', querystring: noQuery, response: { 200: healthSchema, 400: errorSchema, 503: healthSchema } } }, async (_request, reply) => {
      // A damaged store may fail this very read: the answer still goes out, as unhealthy.
      const staleness = await syncStaleness(ctx.db).catch((err: unknown) => {
        ctx.storeHealth.noticeError(err);
        return null;
      });
      const healthy = ctx.storeHealth.healthy;
      const lastSync = staleness?.stalest?.last_success_at ?? null;
      reply.header('cache-control', 'no-store');
      return reply.status(healthy ? 200 : 503).send({
        ok: healthy,
        mode: ctx.demo ? ('demo' as const) : ('live' as const),
        version: ctx.version,
        uptime_seconds: Math.round(process.uptime()),
        database: { dialect: ctx.dialect, ...ctx.storeHealth.snapshot() },
        sync: {
          tracked_repos: staleness?.tracked ?? 0,
          never_synced: staleness?.never_synced ?? 0,
          stalest_repo: staleness?.stalest?.full_name ?? null,
          stalest_synced_at: lastSync,
          stalest_age_seconds: lastSync ? Math.max(0, Math.round((ctx.now() - Date.parse(lastSync)) / 1000)) : null,
        },
        event_loop_delay_ms: ctx.loopDelay.snapshot(),
      });
    });
  };
}
