import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HubError } from '../core/errors.ts';
import { DRIFT_TOLERANCE } from '../core/subnet/drift.ts';
import { getDriftState, listStoredDrift, minerIdByLogin, storedDriftCounts } from '../db/score-drift.queries.ts';
import type { ServerContext } from './context.ts';
import { decodeDriftCursor, encodeDriftCursor } from './cursor.ts';
import { presentDriftRow } from './presenters.ts';
import { driftQuery, driftSchema, errors } from './schemas.ts';

export function subnetDriftRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/subnet/drift',
      {
        schema: {
          tags: ['subnet'],
          summary: "Official versus ours: pull requests whose official score and the hub's own evaluation differ",
          description:
            'For every pull request the subnet scored, its official score and factors beside the hub’s evaluation of it; listed when the ' +
            'state, the score, the collateral or a factor (base, issue, label, spam; decay and review on merged pull requests) differs by ' +
            'more than the tolerance (0.01: both sides round to 2 decimals). Closed and dropped pull requests are compared by outcome only. ' +
            'The worker computes the report whenever either side changes; this only reads it. Ordered by repository and number.',
          querystring: driftQuery,
          response: { 200: driftSchema, ...errors },
        },
      },
      async (request) => {
        const q = request.query;
        let githubId: string | undefined;
        if (q.miner) {
          githubId = (await minerIdByLogin(ctx.db, q.miner)) ?? undefined;
          if (!githubId) throw new HubError(404, 'miner_not_found', `${q.miner} is not a miner the hub has seen`);
        }
        const filter = { repoKey: q.repo?.toLowerCase(), githubId };
        const after = decodeDriftCursor(q.cursor);
        const rows = await listStoredDrift(ctx.db, { ...filter, after, limit: q.limit + 1 });
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        const counts = await storedDriftCounts(ctx.db, filter);
        const state = await getDriftState(ctx.db);
        return {
          computed_at: state?.computed_at ?? null,
          tolerance: Number(DRIFT_TOLERANCE.toFixed(2)),
          counts: { compared: counts.compared, differing: counts.differing, official_only: counts.officialOnly, hub_only: counts.hubOnly },
          items: page.map(presentDriftRow),
          next_cursor: rows.length > q.limit && last ? encodeDriftCursor({ repoKey: last.repo_key, number: last.number }) : null,
        };
      },
    );
  };
}
