/**
 * When each subnet mirror job runs: miners and official scores every
 * HUB_MINERS_INTERVAL_SECONDS, prices every HUB_PRICES_INTERVAL_SECONDS, and
 * maintainers looked at every minute (each repository itself refreshed every
 * HUB_MAINTAINERS_INTERVAL_SECONDS, see subnet-maintainers.job.ts).
 * runDueSubnetJobs is meant for each worker tick; a job is claimed in the store first, so
 * two workers never run the same one at once.
 */
import { toError } from '../core/errors.ts';
import { toGithubTime } from '../core/time.ts';
import { claimSource, recordFailure } from '../db/subnet-state.queries.ts';
import type { Config } from '../config/config.ts';
import { nowOf, type SubnetJobContext, type SourceOutcome } from './subnet-context.ts';
import { run as runMaintainers } from './subnet-maintainers.job.ts';
import { run as runMiners } from './subnet-miners.job.ts';
import { run as runPrices } from './subnet-prices.job.ts';

export interface SubnetJob {
  name: 'subnet-miners' | 'subnet-prices' | 'subnet-maintainers';
  /** Seconds between two runs. */
  every(services: Config['services']): number;
  run(ctx: SubnetJobContext): Promise<SourceOutcome[]>;
}

export const SUBNET_JOBS: readonly SubnetJob[] = [
  { name: 'subnet-prices', every: (s) => s.pricesIntervalSeconds, run: runPrices },
  { name: 'subnet-miners', every: (s) => s.minersIntervalSeconds, run: runMiners },
  { name: 'subnet-maintainers', every: (s) => Math.min(60, s.maintainersIntervalSeconds), run: runMaintainers },
];

/** Which jobs are due, given when each was last started (pure; the claim decides for real). */
export function dueSubnetJobs(lastStarted: ReadonlyMap<string, string | null>, services: Config['services'], nowMs: number): SubnetJob[] {
  return SUBNET_JOBS.filter((job) => {
    const at = lastStarted.get(job.name);
    return !at || nowMs - Date.parse(at) >= job.every(services) * 1000;
  });
}

export interface SubnetJobRun {
  job: SubnetJob['name'];
  outcomes: SourceOutcome[];
  error?: string;
}

/** Runs every due job once, one after another. Never throws for a job's failure (it is logged and recorded). */
export async function runDueSubnetJobs(ctx: SubnetJobContext): Promise<SubnetJobRun[]> {
  const runs: SubnetJobRun[] = [];
  for (const job of SUBNET_JOBS) {
    if (ctx.signal?.aborted) break;
    const nowMs = (ctx.now ?? Date.now)();
    const claimed = await claimSource(ctx.db, `job:${job.name}`, nowOf(ctx), toGithubTime(nowMs - job.every(ctx.services) * 1000));
    if (!claimed) continue;
    const started = Date.now();
    try {
      const outcomes = await job.run(ctx);
      ctx.logger.debug({ job: job.name, ms: Date.now() - started, failed: outcomes.filter((o) => o.status === 'failed').length }, 'subnet job done');
      runs.push({ job: job.name, outcomes });
    } catch (err) {
      if (ctx.signal?.aborted) throw err;
      const e = toError(err);
      ctx.logger.error({ job: job.name, err: e }, 'subnet job failed');
      // Recorded on the job's claim row; a store too broken for even that is only logged.
      await recordFailure(ctx.db, `job:${job.name}`, { now: nowOf(ctx), error: e.message }).catch(() => undefined);
      runs.push({ job: job.name, outcomes: [], error: e.message });
    }
  }
  return runs;
}
