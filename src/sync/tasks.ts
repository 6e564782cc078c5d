import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import type { DB, JobRow } from '../db/schema.ts';
import type { GithubGateway } from '../github/client.ts';
import type { Logger } from '../logger.ts';
import { relinkRepository } from './relink.job.ts';
import { scoreAfterSync } from './scoring.job.ts';
import { syncThenRelink, type SyncPassOutcome } from './sync-pass.ts';

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
      },
      retryInMs: (attempt) => 15_000 * 2 ** (attempt - 1),
    },
    relink: {
      async run(ctx, payload) {
        const outcome = await relinkRepository({ db: ctx.db, logger: ctx.logger, signal: ctx.signal }, repoOf(payload));
        ctx.logger.info({ processed: outcome.processed, changed: outcome.changed }, 'relink finished');
      },
    },
  };
}
