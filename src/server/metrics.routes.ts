import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { jobCounts, quotaRows, repoStatuses } from '../db/status.queries.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { ServerContext } from './context.ts';
import { freshnessTargets } from './freshness.ts';
import { errorSchema, noQuery } from './schemas.ts';

/**
 * GET /metrics. Sync figures come from the store, where the worker (another
 * process) records them: per-repository rows of sync_state, the quota table and
 * the pending jobs. Every query runs over repositories, tokens or pending jobs
 * (hundreds of rows), never over items.
 */
export function metricsRoutes(ctx: ServerContext, feed: ChangeFeed): FastifyPluginAsyncZod {
  const m = ctx.metrics;
  const g = {
    loop: m.gauge('hub_event_loop_delay_seconds', 'Event-loop delay over the last window.', ['quantile']),
    loopWorst: m.gauge('hub_event_loop_delay_worst_seconds', 'Worst event-loop delay since start.'),
    streams: m.gauge('hub_event_stream_clients', 'Open /api/events streams.'),
    items: m.gauge('hub_repo_items', 'Stored items per tracked repository (denormalised counts).', ['repo', 'kind', 'state']),
    lag: m.gauge('hub_repo_sync_lag_seconds', 'Seconds a tracked repository is behind its freshness target (repositories never synced are left out).', ['repo']),
    age: m.gauge('hub_repo_last_success_age_seconds', 'Seconds since the last successful sync of a tracked repository.', ['repo']),
    never: m.gauge('hub_repo_never_synced', 'Tracked repositories without a successful pass yet.'),
    passes: m.gauge('hub_sync_passes_total', 'Sync passes run per repository (a counter kept in the store).', ['repo']),
    failures: m.gauge('hub_sync_failures_total', 'Sync passes that failed per repository (a counter kept in the store).', ['repo']),
    seconds: m.gauge('hub_sync_pass_seconds_total', 'Time spent in sync passes per repository (a counter kept in the store).', ['repo']),
    last: m.gauge('hub_sync_last_pass_seconds', 'Duration of the last sync pass per repository.', ['repo']),
    failing: m.gauge('hub_sync_consecutive_failures', 'Failed passes in a row per repository (0 when the last one succeeded).', ['repo']),
    requests: m.gauge('hub_sync_github_requests_total', 'GitHub requests made by sync per repository (a counter kept in the store).', ['repo']),
    quota: m.gauge('hub_github_quota_remaining', 'Remaining GitHub quota per token label (never the token) and resource.', ['token', 'resource']),
    quotaLimit: m.gauge('hub_github_quota_limit', 'GitHub quota limit per token label and resource.', ['token', 'resource']),
    quotaReset: m.gauge('hub_github_quota_reset_seconds', 'Seconds until the quota of a token label and resource resets.', ['token', 'resource']),
    jobs: m.gauge('hub_jobs', 'Jobs queued, running, or failed for good in the last day, by kind.', ['kind', 'state']),
  };

  return async (app) => {
    app.get(
      '/metrics',
      {
        schema: {
          tags: ['status'],
          summary: 'Prometheus metrics: process, requests, latency, event-loop delay, item counts, sync passes, failures, lag, quota, jobs',
          querystring: noQuery,
          response: { 200: z.string().describe('text/plain; version=0.0.4'), 400: errorSchema },
        },
      },
      async (_request, reply) => {
        const now = ctx.now();
        const [rows, quota, jobs] = await Promise.all([repoStatuses(ctx.db, { includeInactive: false }), quotaRows(ctx.db), jobCounts(ctx.db)]);
        const targets = freshnessTargets(rows, ctx.config);
        for (const gauge of Object.values(g)) gauge.reset();

        const delay = ctx.loopDelay.snapshot();
        g.loop.set({ quantile: '0.5' }, delay.p50 / 1000);
        g.loop.set({ quantile: '0.99' }, delay.p99 / 1000);
        g.loop.set({ quantile: '1' }, delay.max / 1000);
        g.loopWorst.set(ctx.loopDelay.worstMs() / 1000);
        g.streams.set(feed.clientCount);
        for (const r of rows) {
          const repo = r.full_name;
          const series: [string, string, number][] = [
            ['issue', 'open', r.issues_open], ['issue', 'open_unlinked', r.issues_open_unlinked], ['issue', 'total', r.issues_total],
            ['pull', 'open', r.pulls_open], ['pull', 'total', r.pulls_total],
          ];
          for (const [kind, state, n] of series) g.items.set({ repo, kind, state }, n);
          g.passes.set({ repo }, r.passes_total);
          g.failures.set({ repo }, r.failures_total);
          g.seconds.set({ repo }, r.pass_ms_total / 1000);
          g.requests.set({ repo }, r.requests_total);
          g.failing.set({ repo }, r.consecutive_failures);
          if (r.last_pass_ms !== null) g.last.set({ repo }, r.last_pass_ms / 1000);
          if (r.last_success_at) {
            const age = Math.max(0, (now - Date.parse(r.last_success_at)) / 1000);
            g.age.set({ repo }, Math.round(age));
            g.lag.set({ repo }, Math.max(0, Math.round(age - targets.get(r.id)!.target)));
          }
        }
        g.never.set(rows.filter((r) => !r.last_success_at).length);
        for (const q of quota) {
          const labels = { token: q.token_label, resource: q.resource };
          g.quota.set(labels, q.remaining);
          g.quotaLimit.set(labels, q.limit);
          g.quotaReset.set(labels, Math.max(0, Math.round((Date.parse(q.reset_at) - now) / 1000)));
        }
        for (const j of jobs) g.jobs.set({ kind: j.kind, state: j.state }, j.n);

        reply.header('content-type', ctx.metrics.contentType);
        reply.header('cache-control', 'no-store');
        return ctx.metrics.render();
      },
    );
  };
}
