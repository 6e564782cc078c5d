import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { quotaRows, repoStatuses } from '../db/status.queries.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { ServerContext } from './context.ts';
import { freshnessTargets } from './freshness.ts';
import { labels } from './metrics.ts';

export function metricsRoutes(ctx: ServerContext, feed: ChangeFeed): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/metrics',
      {
        schema: {
          tags: ['status'],
          summary: 'Prometheus metrics: requests, latency, event-loop delay, item counts, sync lag',
          response: { 200: z.string().describe('text/plain; version=0.0.4') },
        },
      },
      async (_request, reply) => {
        const now = ctx.now();
        const rows = await repoStatuses(ctx.db, { includeInactive: false });
        const targets = freshnessTargets(rows, ctx.config);
        const quota = await quotaRows(ctx.db);
        const delay = ctx.loopDelay.snapshot();
        const out = ctx.metrics.render();
        out.push('# HELP hub_event_loop_delay_seconds Event-loop delay over the last window.', '# TYPE hub_event_loop_delay_seconds gauge');
        out.push(`hub_event_loop_delay_seconds{quantile="0.5"} ${delay.p50 / 1000}`);
        out.push(`hub_event_loop_delay_seconds{quantile="0.99"} ${delay.p99 / 1000}`);
        out.push(`hub_event_loop_delay_seconds{quantile="1"} ${delay.max / 1000}`);
        out.push('# HELP hub_event_loop_delay_worst_seconds Worst event-loop delay since start.', '# TYPE hub_event_loop_delay_worst_seconds gauge');
        out.push(`hub_event_loop_delay_worst_seconds ${ctx.loopDelay.worstMs() / 1000}`);
        out.push('# HELP hub_event_stream_clients Open /api/events streams.', '# TYPE hub_event_stream_clients gauge', `hub_event_stream_clients ${feed.clientCount}`);
        out.push('# HELP hub_repo_items Stored items per tracked repository (denormalised counts).', '# TYPE hub_repo_items gauge');
        for (const r of rows) {
          const series: [string, string, number][] = [
            ['issue', 'open', r.issues_open], ['issue', 'open_unlinked', r.issues_open_unlinked], ['issue', 'total', r.issues_total],
            ['pull', 'open', r.pulls_open], ['pull', 'total', r.pulls_total],
          ];
          for (const [kind, state, n] of series) out.push(`hub_repo_items${labels({ repo: r.full_name, kind, state })} ${n}`);
        }
        out.push('# HELP hub_repo_sync_lag_seconds Seconds a tracked repository is behind its freshness target (never synced: age since start of time is not reported).', '# TYPE hub_repo_sync_lag_seconds gauge');
        for (const r of rows) {
          if (!r.last_success_at) continue;
          const age = Math.max(0, (now - Date.parse(r.last_success_at)) / 1000);
          out.push(`hub_repo_sync_lag_seconds${labels({ repo: r.full_name })} ${Math.max(0, Math.round(age - targets.get(r.id)!.target))}`);
        }
        out.push('# HELP hub_repo_never_synced Tracked repositories without a successful pass yet.', '# TYPE hub_repo_never_synced gauge');
        out.push(`hub_repo_never_synced ${rows.filter((r) => !r.last_success_at).length}`);
        out.push('# HELP hub_github_quota_remaining Remaining GitHub quota per token label and resource.', '# TYPE hub_github_quota_remaining gauge');
        for (const q of quota) out.push(`hub_github_quota_remaining${labels({ token: q.token_label, resource: q.resource })} ${q.remaining}`);
        reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
        reply.header('cache-control', 'no-store');
        return out.join('\n') + '\n';
      },
    );
  };
}
