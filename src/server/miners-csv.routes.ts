import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { csvRecord } from '../core/csv.ts';
import type { ServerContext } from './context.ts';
import { trackedRepo } from './lookup.ts';
import { minerSummaries, splitFullName, type MinerFilters } from './miners.ts';
import { errors } from './schemas.ts';
import { minersCsvQuery } from './subnet.schemas.ts';

/** Rows read per query while streaming: memory stays flat however many miners there are. */
const CHUNK = 500;

export const MINERS_CSV_COLUMNS = [
  'rank', 'login', 'github_id', 'registered', 'eligible', 'total', 'repos', 'computed_at', 'official_uids', 'official_total_score', 'official_is_eligible', 'official_credibility', 'official_evaluated_at',
] as const;

async function* minerRecords(ctx: ServerContext, filters: MinerFilters): AsyncGenerator<string> {
  yield csvRecord(MINERS_CSV_COLUMNS);
  let after: { total: number; key: string } | null = null;
  let rank = 0;
  for (;;) {
    const { rows, items } = await minerSummaries(ctx, filters, CHUNK, after);
    for (const m of items) {
      const o = m.official;
      yield csvRecord([++rank, m.login, m.github_id, m.registered, m.eligible, m.total, m.repos, m.computed_at, o ? o.uids.join(' ') : null, o?.total_score, o?.is_eligible, o?.credibility, o?.evaluated_at]);
    }
    const last = rows[rows.length - 1];
    if (rows.length < CHUNK || !last) return;
    after = { total: last.total, key: last.author_key };
  }
}

/** GET /api/miners.csv: the leaderboard as a CSV download, streamed. */
export function minersCsvRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/miners.csv',
      {
        schema: {
          tags: ['subnet'],
          summary: 'The leaderboard (GET /api/miners) as CSV: every row of the filters, streamed',
          description:
            'text/csv; charset=utf-8, RFC 4180 (CRLF records, quoted fields where needed), first record the column names: ' +
            `${MINERS_CSV_COLUMNS.join(', ')}. official_uids are space-separated. Text fields a spreadsheet would read as a formula start with an apostrophe. ` +
            '404 repo_not_tracked for a repository the hub does not track.',
          querystring: minersCsvQuery,
          produces: ['text/csv'],
          response: { 200: z.string().describe('The CSV document'), ...errors },
        },
      },
      async (request, reply) => {
        const { registered, sort } = request.query;
        const repo = request.query.repo ? await trackedRepo(ctx, splitFullName(request.query.repo)) : undefined;
        const name = repo ? `miners-${repo.full_name.replace('/', '-')}.csv` : 'miners.csv';
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
        reply.header('cache-control', 'no-store');
        // A stream is sent as it is (Fastify serialises only objects); the schema documents what it carries.
        return reply.send(Readable.from(minerRecords(ctx, { registered, repo, sort })) as unknown as string);
      },
    );
  };
}
