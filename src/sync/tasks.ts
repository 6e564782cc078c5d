import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import type { DB, JobRow } from '../db/schema.ts';
import type { GithubGateway } from '../github/client.ts';
import type { Logger } from '../logger.ts';
import { enqueueJob } from '../db/jobs.queries.ts';
import type { SubnetMirrorClient } from '../subnet/clients.ts';
import { relinkRepository } from './relink.job.ts';
import { scoreAfterSync } from './scoring.job.ts';
import { syncThenRelink, type SyncPassOutcome } from './sync-pass.ts';
import { scoreRepoTokens, type TokenScoreOutcome } from './token-scores.job.ts';
import type { TokenScorer } from './token-scorer.ts';

/** What a job's run receives: its own logger (job id, kind, attempt, repository) and a signal for shutdown or a lost lease. */
export interface JobContext {
  db: Kysely<DB>;
  logger: Logger;
  signal: AbortSignal;
  job: JobRow;
}

/** One kind of job (graphile-worker's task): `run` resolving completes the attempt, throwing fails it. */
export interface Task {
  run(ctx: JobContext, payload: Record<string, unknown>): Promise<void>;
  /** Back-off before the next attempt after failed attempt `attempt` (default: the queue's exponential back-off). */
  retryInMs?(attempt: number): number;
}

export type TaskList = Readonly<Record<string, Task>>;

export interface SyncTaskOptions {
  gateway: GithubGateway;
  config: Config;
  graphqlPerPass?: number;
  /** Called with every pass's outcome (the benchmark's totals). */
  onSyncOutcome?: (outcome: SyncPassOutcome) => void;
  /** Token scores after each successful sync pass (a `token-scores` job); absent: not computed. */
  tokenScores?: {
    scorer: TokenScorer;
    /** The subnet mirror's client (shared with the subnet jobs, for its rate limit); null: GitHub only. */
    mirror: SubnetMirrorClient | null;
    onOutcome?: (outcome: TokenScoreOutcome) => void;
  };
}

/** Queues a repository's token-score pass (one pending per repository), below sync jobs in priority. */
export async function enqueueTokenScores(db: Kysely<DB>, repo: string): Promise<void> {
  await enqueueJob(db, { kind: 'token-scores', key: `token-scores:${repo}`, payload: { repo }, priority: 0 });
}

function repoOf(payload: Record<string, unknown>): string {
  if (typeof payload.repo !== 'string' || payload.repo === '') throw new Error('job payload names no repository');
  return payload.repo;
}

/** The hub's jobs: `sync` (a pass, then its relink and the standings it changed) and `relink` (after a grammar or default-branch change). */
export function hubTasks(o: SyncTaskOptions): TaskList {
  // Shared by every pass of this worker: once GraphQL answered 404 it is not asked again for an hour.
  const graphqlState = { unavailableUntil: 0 };
  return {
    sync: {
      async run(ctx, payload) {
        const outcome = await syncThenRelink(
          { db: ctx.db, gateway: o.gateway, logger: ctx.logger, signal: ctx.signal, reconcileHours: o.config.sync.reconcileHours, graphqlState, graphqlPerPass: o.graphqlPerPass },
          repoOf(payload),
        );
        o.onSyncOutcome?.(outcome);
        if (!outcome.ok) throw new Error(outcome.error ?? 'sync failed');
        // The standings this commit changed (never fails the sync: the hourly run retries).
        await scoreAfterSync({ db: ctx.db, logger: ctx.logger, signal: ctx.signal }, outcome.repo);
        if (o.tokenScores) await enqueueTokenScores(ctx.db, repoOf(payload));
      },
      retryInMs: (attempt) => 15_000 * 2 ** (attempt - 1),
    },
    relink: {
      async run(ctx, payload) {
        const outcome = await relinkRepository({ db: ctx.db, logger: ctx.logger, signal: ctx.signal }, repoOf(payload));
        ctx.logger.info({ processed: outcome.processed, changed: outcome.changed }, 'relink finished');
      },
    },
    ...(o.tokenScores ? { 'token-scores': tokenScoresTask(o, o.tokenScores) } : {}),
  };
}

function tokenScoresTask(o: SyncTaskOptions, t: NonNullable<SyncTaskOptions['tokenScores']>): Task {
  // Pull requests too big for a pass's GitHub budget, remembered for this worker's life.
  const oversized = new Map<number, string>();
  return {
    async run(ctx, payload) {
      const outcome = await scoreRepoTokens(
        { db: ctx.db, gateway: o.gateway, mirror: t.mirror, scorer: t.scorer, logger: ctx.logger, signal: ctx.signal, quotaPerPass: o.config.sync.tokenScoreQuotaPerPass, oversized },
        repoOf(payload),
      );
      t.onOutcome?.(outcome);
      // New token scores move base scores and cliffs: the standings follow at once, not at the hourly run.
      if (outcome.scored > 0) await scoreAfterSync({ db: ctx.db, logger: ctx.logger, signal: ctx.signal }, repoOf(payload));
      if (outcome.due > 0) ctx.logger.info({ scored: outcome.scored, fromMirror: outcome.fromMirror, fromGithub: outcome.fromGithub, deferred: outcome.deferred, failed: outcome.failed, githubQuota: outcome.githubQuota }, 'token scores computed');
    },
  };
}
