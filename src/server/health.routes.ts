import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from './context.ts';

const healthSchema = z.object({
  ok: z.literal(true),
  mode: z.enum(['live', 'demo']).describe('demo: the data comes from the built-in GitHub simulator'),
  version: z.string(),
  uptime_seconds: z.number(),
  database: z.object({ dialect: z.string() }),
  event_loop_delay_ms: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
});

export function healthRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/health', { schema: { tags: ['status'], summary: 'Liveness and mode', response: { 200: healthSchema } } }, async () => {
      await sql`select 1`.execute(ctx.db);
      return {
        ok: true as const,
        mode: ctx.demo ? ('demo' as const) : ('live' as const),
        version: ctx.version,
        uptime_seconds: Math.round(process.uptime()),
        database: { dialect: ctx.dialect },
        event_loop_delay_ms: ctx.loopDelay.snapshot(),
      };
    });
  };
}
